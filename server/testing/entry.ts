/**
 * The app's entry point in tests: `createEntryServer` (the node:http layer scripts/server.ts
 * runs) in front of a Web handler — better-auth's, an /api/v1 route's — where the app has
 * Next.js, which hands route handlers the same headers. And a client that sends from any
 * loopback address (all of 127.0.0.0/8 is this machine), to play clients at different
 * addresses over real sockets.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { TrustedProxies } from "@/server/http/client-address";
import { createEntryServer } from "@/server/http/entry-server";

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of [value ?? []].flat()) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

/** Serves `handler` through the entry point on a free port of every loopback address. */
export async function serveThroughEntryPoint(
  handler: (req: Request) => Promise<Response>,
  proxies: TrustedProxies,
): Promise<RunningServer> {
  const server = createEntryServer(async (req, res) => {
    const response = await handler(toRequest(req));
    res.writeHead(response.status, [...response.headers].flat());
    res.end(Buffer.from(await response.arrayBuffer()));
  }, proxies);
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SentResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request over a new connection from `localAddress` (e.g. "127.0.0.5"). */
export function sendFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
