/**
 * Test set-up for the extension's endpoints: a workspace whose members of each role hold a
 * real agent token (created through the service, as the settings page does), and requests
 * shaped as the extension's background worker sends them.
 */
import type { Role } from "@/server/auth/roles";
import { workspaceWithTeam, type TestEnv } from "@/server/testing/fixtures";
import { createToken } from "./tokens";

export async function agentWorkspace(env: TestEnv) {
  const { workspace, users } = await workspaceWithTeam(env);
  const tokens = {} as Record<Role, string>;
  for (const role of ["admin", "commander", "responder", "viewer"] as const) {
    tokens[role] = (
      await createToken(env.db, {
        workspaceId: workspace.id,
        userId: users[role].id,
        name: `${role}'s Chrome`,
        origin: "pasted",
      })
    ).token;
  }
  return { workspace, users, tokens };
}

/** A request to /api/extension/v1<path> with the token (or none), JSON when there is a body. */
export function agentRequest(
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Request {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] ??= "application/json";
  return new Request(`http://localhost:3000/api/extension/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: h,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The answer's status and JSON body (null for an empty one). */
export async function answer(res: Response | Promise<Response>) {
  const r = await res;
  const text = await r.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any field
  return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : null) as any };
}
