/**
 * The dashboard's hand-off of a token to the extension (docs/extension.md, "Connect from the
 * dashboard"): only an allow-listed extension (`EXTENSION_IDS`) gets one, in the fragment of
 * its own `connected.html`, which never reaches a server.
 */
import { z } from "zod";
import { env } from "@/server/env";
import { forbidden } from "@/server/errors";

/** What the options page puts in the connect URL. */
export const connectParamsSchema = z.object({
  extensionId: z.string().regex(/^[a-p]{32}$/, "Not a Chromium extension id."),
  /** The options page's random value, echoed back so that it can tell its own hand-off. */
  state: z
    .string()
    .min(8, "The state is at least 8 characters.")
    .max(200, "The state is at most 200 characters.")
    .regex(/^[A-Za-z0-9_-]+$/, "The state is letters, digits, '-' and '_'."),
});

export function allowedExtensionIds(): readonly string[] {
  return env().EXTENSION_IDS;
}

export function isAllowedExtensionId(id: string): boolean {
  return allowedExtensionIds().includes(id);
}

/** `chrome-extension://<id>` when the request comes from an allow-listed extension, else null. */
export function allowedExtensionOrigin(origin: string | null): string | null {
  const m = origin ? /^chrome-extension:\/\/([a-p]{32})$/.exec(origin) : null;
  return m && isAllowedExtensionId(m[1]) ? origin : null;
}

/**
 * Where the connect page sends the tab once the token exists:
 * `chrome-extension://<id>/connected.html#token=…&state=…&server=…`.
 */
export function connectedUrl(input: {
  extensionId: string;
  token: string;
  state: string;
  server: string;
}): string {
  if (!isAllowedExtensionId(input.extensionId)) {
    throw forbidden("This extension is not allowed to connect to this server.");
  }
  const fragment = new URLSearchParams({
    token: input.token,
    state: input.state,
    server: input.server,
  });
  return `chrome-extension://${input.extensionId}/connected.html#${fragment.toString()}`;
}
