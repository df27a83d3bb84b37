/**
 * The client's address, for everything that limits by address (better-auth's sign-in limit,
 * sign-in protection, the /api/v1 failed-key limiter). It comes from the connection, and from
 * X-Forwarded-For only behind the proxies named in TRUSTED_PROXIES: the list is walked right
 * to left, each hop a trusted proxy appended, until the first hop that is not a trusted proxy;
 * that hop is the client. Whatever a client writes further left is never read.
 *
 * Route handlers cannot see the connection (`next start` does not pass it on), so the app's
 * own HTTP entry point (scripts/server.ts, through server/http/entry-server.ts) works the
 * address out and hands it over in a request header whose name holds a secret made once per
 * process and kept on globalThis (the entry point and the route handlers share one process,
 * not one module instance). A client cannot guess that name, and the entry point drops any
 * header that starts like it. Without the entry point (`next dev`, `next start`) no name
 * exists, `clientAddress` answers null, and every client shares one address bucket: client
 * headers are never trusted. instrumentation.ts refuses to start production that way.
 *
 *   1. addresses         normalizeAddress, addressBucket
 *   2. trusted proxies   parseTrustedProxies (server/env.ts validates TRUSTED_PROXIES with it)
 *   3. the walk          resolveClientAddress
 *   4. the hand-over     installClientAddressHeader, stampClientAddress, clientAddress
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

// 1. Addresses ------------------------------------------------------------------------------

/**
 * Parses one address strictly: dotted-quad IPv4 (no `127.1`, no leading zeros) or IPv6;
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes the IPv4 address and an IPv6 zone is dropped.
 * Ports, brackets and anything else are not addresses.
 */
function parseAddress(text: string): Address | null {
  const s = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (!ipaddr.IPv6.isValid(s)) return null;
  const v6 = ipaddr.IPv6.parse(s);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : new ipaddr.IPv6(v6.parts);
}

function format(address: Address): string {
  return address.kind() === "ipv4"
    ? address.toString()
    : (address as ipaddr.IPv6).toRFC5952String();
}

/** The canonical text of an address (`1.2.3.4`, `2001:db8::1`), or null when it is not one. */
export function normalizeAddress(text: string | null | undefined): string | null {
  const address = text ? parseAddress(text) : null;
  return address ? format(address) : null;
}

/**
 * The key per-address limits count under: the IPv4 address, or the /64 network of an IPv6
 * address (one subscriber usually holds a whole /64, so counting single addresses would give
 * them 2^64 tries); "unknown" for every client when the address is unknown.
 */
export function addressBucket(address: string | null): string {
  const parsed = address ? parseAddress(address) : null;
  if (!parsed) return "unknown";
  if (parsed.kind() === "ipv4") return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${format(parsed)}/64`).toRFC5952String()}/64`;
}

// 2. Trusted proxies ------------------------------------------------------------------------

/** Parsed TRUSTED_PROXIES: networks as [address, prefix length]. */
export type TrustedProxies = readonly (readonly [Address, number])[];

/**
 * Parses a comma-separated list of addresses and CIDR ranges (`10.0.0.0/8,127.0.0.1,::1`).
 * A bare address is a single host; an IPv4-mapped IPv6 entry is its IPv4 equivalent.
 */
export function parseTrustedProxies(
  list: string,
): { ok: true; proxies: TrustedProxies } | { ok: false; invalid: string[] } {
  const proxies: (readonly [Address, number])[] = [];
  const invalid: string[] = [];
  for (const entry of list
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const slash = entry.indexOf("/");
    const address = parseAddress(slash === -1 ? entry : entry.slice(0, slash));
    const prefixText = slash === -1 ? null : entry.slice(slash + 1);
    if (!address || (prefixText !== null && !/^\d{1,3}$/.test(prefixText))) {
      invalid.push(entry);
      continue;
    }
    const mapped = address.kind() === "ipv4" && entry.includes(":");
    const max = address.kind() === "ipv4" ? 32 : 128;
    let prefix = prefixText === null ? max : Number(prefixText);
    if (mapped && prefixText !== null) prefix -= 96; // ::ffff:10.0.0.0/104 is 10.0.0.0/8
    if (prefix < 0 || prefix > max) {
      invalid.push(entry);
      continue;
    }
    proxies.push([address, prefix]);
  }
  return invalid.length ? { ok: false, invalid } : { ok: true, proxies };
}

function isTrusted(address: Address, proxies: TrustedProxies): boolean {
  return proxies.some(
    ([network, prefix]) => network.kind() === address.kind() && address.match(network, prefix),
  );
}

// 3. The walk -------------------------------------------------------------------------------

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * X-Forwarded-For hops from the right, skipping trusted proxies, up to the first hop that is
 * not one. A hop that is not an address ends the walk at the proxy that reported it (a
 * well-behaved proxy never writes one, so it can only come from further left). Null when the
 * socket has no address (it closed).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: TrustedProxies,
): string | null {
  let client = socketAddress ? parseAddress(socketAddress) : null;
  if (!client) return null;
  const hops = [forwardedFor ?? []].flat().join(",").split(",");
  for (let i = hops.length - 1; i >= 0 && isTrusted(client, proxies); i--) {
    if (hops[i].trim() === "") continue;
    const hop = parseAddress(hops[i]);
    if (!hop) break;
    client = hop;
  }
  return format(client);
}

// 4. The hand-over --------------------------------------------------------------------------

const HEADER_PREFIX = "x-blastradius-client-address";
const HEADER_NAME = Symbol.for("blastradius.clientAddressHeader");
const holder = globalThis as { [HEADER_NAME]?: string };

/**
 * Makes this process's secret header name (once) and returns it. Only an HTTP entry point that
 * stamps every request calls this: once it exists, route handlers believe the header.
 */
export function installClientAddressHeader(): string {
  holder[HEADER_NAME] ??= `${HEADER_PREFIX}-${randomBytes(16).toString("hex")}`;
  return holder[HEADER_NAME];
}

/** The header the entry point puts the address in, or null when the app runs without it. */
export function clientAddressHeader(): string | null {
  return holder[HEADER_NAME] ?? null;
}

/**
 * Node's side, for every request the entry point receives: drops any header a client sent
 * under our prefix, works out the address and sets it under this process's header name.
 */
export function stampClientAddress(req: IncomingMessage, proxies: TrustedProxies): string | null {
  const name = installClientAddressHeader();
  for (const key of Object.keys(req.headers)) {
    if (key.startsWith(HEADER_PREFIX)) delete req.headers[key];
  }
  const address = resolveClientAddress(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    proxies,
  );
  if (address) req.headers[name] = address;
  return address;
}

/**
 * The route handlers' side: the client's address as the entry point stamped it, or null when
 * the app runs without the entry point (or the connection had closed). Callers that limit by
 * address count null as one shared "unknown" client (`addressBucket`).
 */
export function clientAddress(req: Request | Headers): string | null {
  const name = clientAddressHeader();
  if (!name) return null;
  const headers = "headers" in req ? req.headers : req;
  return normalizeAddress(headers.get(name));
}
