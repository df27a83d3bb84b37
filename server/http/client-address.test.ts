/**
 * The client's address from the socket and X-Forwarded-For, believing the header only as far
 * as TRUSTED_PROXIES reach: IPv4, IPv6, IPv4-mapped IPv6, CIDR ranges and headers that are
 * not what they should be.
 */
import { describe, expect, it } from "vitest";
import {
  addressBucket,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  type TrustedProxies,
} from "./client-address";

function proxies(list: string): TrustedProxies {
  const parsed = parseTrustedProxies(list);
  if (!parsed.ok) throw new Error(`invalid: ${parsed.invalid.join(", ")}`);
  return parsed.proxies;
}

describe("normalizeAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["::ffff:192.0.2.50", "192.0.2.50"],
    ["::FFFF:c000:0232", "192.0.2.50"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
  ])("%s → %s", (text, expected) => expect(normalizeAddress(text)).toBe(expected));

  it.each([
    "",
    "unknown",
    "127.1",
    "010.0.0.1",
    "256.0.0.1",
    "1.2.3.4:8080",
    "[2001:db8::1]",
    "[2001:db8::1]:443",
    "2001:db8::g",
    "1.2.3.4, 5.6.7.8",
    "<script>",
  ])("%j is not an address", (text) => expect(normalizeAddress(text)).toBeNull());
});

describe("addressBucket", () => {
  it("counts IPv4 addresses one by one and IPv6 addresses by their /64", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:bbbb::9")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    // better-auth records session addresses expanded and cut to the /64.
    expect(addressBucket("2001:0db8:0001:0002:0000:0000:0000:0000")).toBe("2001:db8:1:2::/64");
  });

  it("puts every client whose address is unknown in one bucket", () => {
    expect(addressBucket(null)).toBe("unknown");
    expect(addressBucket("not-an-ip")).toBe("unknown");
  });
});

describe("parseTrustedProxies", () => {
  it("reads addresses and CIDR ranges of both families", () => {
    const parsed = parseTrustedProxies(" 10.0.0.0/8, 127.0.0.1 ,::1,2001:db8::/32,,");
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.proxies.map(([a, p]) => `${a.toString()}/${p}`)).toEqual([
        "10.0.0.0/8",
        "127.0.0.1/32",
        "::1/128",
        "2001:db8::/32",
      ]);
    }
  });

  it("reads an IPv4-mapped entry as its IPv4 address or range", () => {
    const parsed = parseTrustedProxies("::ffff:10.0.0.0/104,::ffff:127.0.0.1");
    expect(parsed.ok && parsed.proxies.map(([a, p]) => `${a.toString()}/${p}`)).toEqual([
      "10.0.0.0/8",
      "127.0.0.1/32",
    ]);
  });

  it("names every entry that is not an address or range", () => {
    expect(
      parseTrustedProxies("10.0.0.0/33,proxy.internal,10.0.0.1,1.2.3.4/-1,::1/129,10/8"),
    ).toEqual({
      ok: false,
      invalid: ["10.0.0.0/33", "proxy.internal", "1.2.3.4/-1", "::1/129", "10/8"],
    });
  });

  it("reads an empty setting as no proxies", () => {
    expect(parseTrustedProxies("")).toEqual({ ok: true, proxies: [] });
  });
});

describe("resolveClientAddress", () => {
  const none = proxies("");
  const lb = proxies("10.0.0.0/8,127.0.0.1");

  it("takes the socket's peer when it is not a trusted proxy, whatever the header says", () => {
    expect(resolveClientAddress("198.51.100.4", "203.0.113.9", none)).toBe("198.51.100.4");
    expect(resolveClientAddress("198.51.100.4", "203.0.113.9", lb)).toBe("198.51.100.4");
    expect(resolveClientAddress("::ffff:198.51.100.4", "10.0.0.1", lb)).toBe("198.51.100.4");
    expect(resolveClientAddress("2001:db8::5", "203.0.113.9", lb)).toBe("2001:db8::5");
  });

  it("behind trusted proxies, takes the first hop from the right that is not one", () => {
    // The client wrote "1.1.1.1"; the proxy appended the address it saw.
    expect(resolveClientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", lb)).toBe("203.0.113.9");
    // Two proxies: the outer one (10.1.2.3) appended the client, the inner one appended it.
    expect(resolveClientAddress("127.0.0.1", "1.1.1.1,203.0.113.9,10.1.2.3", lb)).toBe(
      "203.0.113.9",
    );
    // A mapped socket address is the IPv4 proxy.
    expect(resolveClientAddress("::ffff:10.0.0.2", "203.0.113.9", lb)).toBe("203.0.113.9");
    // Several header lines are one list, in order.
    expect(resolveClientAddress("10.0.0.2", ["1.1.1.1", "203.0.113.9"], lb)).toBe("203.0.113.9");
    // IPv6 clients and IPv6 proxies.
    const v6 = proxies("2001:db8:ffff::/48");
    expect(resolveClientAddress("2001:db8:ffff::1", "2001:db8:1::7", v6)).toBe("2001:db8:1::7");
    expect(resolveClientAddress("2001:db8:ffff::1", "::ffff:203.0.113.9", v6)).toBe("203.0.113.9");
  });

  it("stops at the proxy that reported a hop that is not an address", () => {
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9:5555", lb)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "1.1.1.1, garbage, 10.0.0.9", lb)).toBe("10.0.0.9");
    expect(resolveClientAddress("10.0.0.2", "unknown", lb)).toBe("10.0.0.2");
    // Empty entries are skipped, not taken for the client.
    expect(resolveClientAddress("10.0.0.2", "203.0.113.9, ,", lb)).toBe("203.0.113.9");
  });

  it("keeps the proxy when there is no header, or when every hop is trusted", () => {
    expect(resolveClientAddress("10.0.0.2", undefined, lb)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "", lb)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "10.9.9.9, 127.0.0.1", lb)).toBe("10.9.9.9");
  });

  it("answers null for a socket without an address", () => {
    expect(resolveClientAddress(undefined, "203.0.113.9", lb)).toBeNull();
  });
});
