/**
 * GET /widget.js — the embeddable notices banner (widget.source.js beside this file), with a
 * content type browsers run, an ETag of its bytes and a cache lifetime of an hour (a day of
 * serving the old copy while fetching the new one).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const dynamic = "force-dynamic";

let cached: { body: string; etag: string } | undefined;

function widget() {
  if (!cached) {
    const body = readFileSync(
      path.join(process.cwd(), "app", "widget.js", "widget.source.js"),
      "utf8",
    );
    cached = {
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    };
  }
  return cached;
}

export async function GET(req: Request) {
  const { body, etag } = widget();
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    // Any site may load the script; what it fetches is guarded by the notices endpoint.
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}
