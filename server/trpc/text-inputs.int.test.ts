/**
 * Text PostgreSQL cannot hold (a NUL character, half a surrogate pair) is refused as
 * BAD_REQUEST naming the field, at every tRPC input that would carry it into a query —
 * never a failed query and a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { UNSTORABLE_TEXT } from "@/server/customers/schema";
import { describeZodError } from "@/server/errors";
import { seedCustomers, seedIncident } from "@/server/incidents/testing";
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

/** The code and message a client gets (the HTTP error formatter describes zod errors so). */
async function refusal(attempt: Promise<unknown>) {
  try {
    await attempt;
  } catch (e) {
    const err = e as { code: string; message: string; cause?: unknown };
    return {
      code: err.code,
      message: err.cause instanceof ZodError ? describeZodError(err.cause) : err.message,
    };
  }
  throw new Error("expected the call to be refused");
}

describe("text PostgreSQL cannot store", () => {
  it("is refused as BAD_REQUEST naming the field, by every input that reaches a query", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const ws = { workspace: workspace.slug };
    const admin = await callerAs(env, users.admin);
    const [c] = await seedCustomers(env.db, workspace.id, [{ externalId: "acme" }]);
    const incident = await seedIncident(env.db, workspace.id, { affected: [{ customerId: c.id }] });
    const incidentId = incident.id;

    const calls: [string, (text: string) => Promise<unknown>][] = [
      ["workspace", (t) => admin.incidents.list({ workspace: t })],
      ["search", (t) => admin.incidents.customers({ ...ws, incidentId, search: t })],
      [
        "filters.0.value",
        (t) => admin.incidents.customers({ ...ws, incidentId, filters: [{ key: "p", value: t }] }),
      ],
      ["search", (t) => admin.incidents.issues({ ...ws, search: t })],
      ["title", (t) => admin.incidents.create({ ...ws, title: `t${t}` })],
      ["issueIds.0", (t) => admin.incidents.create({ ...ws, title: "t", issueIds: [t] })],
      ["title", (t) => admin.incidents.update({ ...ws, incidentId, title: `t${t}` })],
      ["issueId", (t) => admin.incidents.attachIssue({ ...ws, incidentId, issueId: t })],
      [
        "externalIds.0",
        (t) => admin.incidents.addCustomers({ ...ws, incidentId, externalIds: [t] }),
      ],
      ["name", (t) => admin.segments.get({ ...ws, name: t })],
      ["name", (t) => admin.apiKeys.create({ ...ws, name: `k${t}`, scopes: ["read"] })],
    ];
    for (const [field, call] of calls) {
      for (const text of ["\u0000", "a\u0000b", "\ud800"]) {
        // Attribute values say it as customer attributes do.
        const reason =
          field !== "filters.0.value"
            ? UNSTORABLE_TEXT
            : text === "\ud800"
              ? "Must be valid Unicode text"
              : "Must not contain NUL characters";
        expect(await refusal(call(text)), `${field} ${JSON.stringify(text)}`).toEqual({
          code: "BAD_REQUEST",
          message: `${field}: ${reason}`,
        });
      }
    }
  });
});
