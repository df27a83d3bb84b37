/**
 * Member and invitation ids that PostgreSQL cannot compare as text (a NUL character, half a
 * surrogate pair) are refused as BAD_REQUEST naming the field — they used to reach the query
 * and come back as a failed query and a 500 (found by server/trpc/doors.property.int.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function refusal(attempt: Promise<unknown>) {
  const err = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  const { code, message } = err as TRPCError;
  return { code, message };
}

describe("member and invitation ids", () => {
  it("that are not storable text are a BAD_REQUEST naming the field, never a 500", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const admin = await callerAs(env, users.admin);
    const ws = { workspace: workspace.slug };
    const calls: [string, (id: string) => Promise<unknown>][] = [
      [
        "memberId",
        (id) => admin.workspace.members.changeRole({ ...ws, memberId: id, role: "viewer" }),
      ],
      ["memberId", (id) => admin.workspace.members.remove({ ...ws, memberId: id })],
      ["invitationId", (id) => admin.workspace.invitations.revoke({ ...ws, invitationId: id })],
      ["invitationId", (id) => admin.workspace.invitations.preview({ invitationId: id })],
      ["invitationId", (id) => admin.workspace.invitations.accept({ invitationId: id })],
    ];
    for (const [field, call] of calls) {
      for (const id of ["\u0000", "a\u0000b", "\ud800"]) {
        const { code, message } = await refusal(call(id));
        expect(code, `${field} ${JSON.stringify(id)}`).toBe("BAD_REQUEST");
        expect(message).toContain(field);
        expect(message).toContain("Must be valid text without NUL characters");
      }
    }
    // Nothing changed: the team is as it was.
    const { members } = await admin.workspace.members.list(ws);
    expect(members.map((m) => m.role)).toEqual(["admin", "commander", "responder", "viewer"]);
  });
});
