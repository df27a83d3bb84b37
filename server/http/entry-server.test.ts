/**
 * The entry point's node:http layer for real: requests over sockets from different loopback
 * addresses, with forged headers, reach a handler that reads the address the way route
 * handlers do; handlers that throw and requests Node cannot parse do not stop it.
 */
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendFrom, serveThroughEntryPoint, type RunningServer } from "@/server/testing/entry";
import { clientAddress, clientAddressHeader, parseTrustedProxies } from "./client-address";

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function trusted(list: string) {
  const parsed = parseTrustedProxies(list);
  if (!parsed.ok) throw new Error("bad list");
  return parsed.proxies;
}

/** A route handler that reports what it was told. */
async function whoAmI(req: Request): Promise<Response> {
  return Response.json({
    address: clientAddress(req),
    ourHeaders: [...req.headers.keys()].filter((k) => k.startsWith("x-blastradius")),
  });
}

const forged = {
  "x-forwarded-for": "203.0.113.66",
  "x-real-ip": "203.0.113.67",
  "x-blastradius-client-address": "203.0.113.68",
  "x-blastradius-client-address-0123456789abcdef0123456789abcdef": "203.0.113.69",
};

describe("the entry point's HTTP layer", () => {
  it("hands route handlers the socket's address and drops every forged one", async () => {
    server = await serveThroughEntryPoint(whoAmI, trusted(""));
    const res = await sendFrom("127.0.0.5", server.url, { headers: forged });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      address: "127.0.0.5",
      ourHeaders: [clientAddressHeader()],
    });
    const other = await sendFrom("127.0.0.6", server.url, { headers: forged });
    expect(JSON.parse(other.body).address).toBe("127.0.0.6");
  });

  it("behind a trusted proxy, hands over the hop the proxy appended", async () => {
    server = await serveThroughEntryPoint(whoAmI, trusted("127.0.0.1"));
    // The client claimed 198.51.100.1; the proxy at 127.0.0.1 appended the address it saw.
    const viaProxy = await sendFrom("127.0.0.1", server.url, {
      headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.50" },
    });
    expect(JSON.parse(viaProxy.body).address).toBe("203.0.113.50");
    // The same header straight from a client that is not the proxy counts for nothing.
    const direct = await sendFrom("127.0.0.9", server.url, {
      headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.50" },
    });
    expect(JSON.parse(direct.body).address).toBe("127.0.0.9");
  });

  it("answers 500 when a handler throws, and goes on serving", async () => {
    let calls = 0;
    server = await serveThroughEntryPoint(async (req) => {
      if (calls++ === 0) throw new Error("boom");
      return whoAmI(req);
    }, trusted(""));
    const failed = await sendFrom("127.0.0.5", server.url);
    expect(failed.status).toBe(500);
    expect(failed.body).toBe("Internal Server Error");
    expect((await sendFrom("127.0.0.5", server.url)).status).toBe(200);
  });

  it("answers 400 to a request it cannot parse, and goes on serving", async () => {
    server = await serveThroughEntryPoint(whoAmI, trusted(""));
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write("NOT HTTP AT ALL\r\n\r\n");
      });
      let data = "";
      socket.on("data", (d) => (data += d));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await sendFrom("127.0.0.5", server.url)).status).toBe(200);
  });
});
