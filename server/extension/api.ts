/**
 * The extension's REST endpoints (docs/extension.md), each `(db, req) => Response` for a
 * one-line route handler under app/api/extension/v1:
 *
 *   GET  /me          viewer+     who the token acts for
 *   GET  /incidents   viewer+     active incidents with their latest sent update
 *   POST /lookup      viewer+     identifiers → customers and the active incidents they are in
 *   POST /reports     responder+  report a customer affected, or a suspected new problem
 *   POST /activity    viewer+     record that an agent inserted an update into a reply
 */
import type { z } from "zod";
import { jsonResponse } from "@/server/api";
import { extensionHandler } from "./handler";
import type { meJson } from "./schemas";

type Out<S extends z.ZodType> = z.output<S>;

export const meApi = extensionHandler("viewer", async ({ caller }) => {
  const body: Out<typeof meJson> = {
    user: { name: caller.user.name, email: caller.user.email },
    workspace: { slug: caller.workspace.slug, name: caller.workspace.name },
    role: caller.role,
    token: {
      id: caller.tokenId,
      name: caller.tokenName,
      created_at: caller.tokenCreatedAt.toISOString(),
    },
  };
  return jsonResponse(200, body);
});
