import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerAs,
  createTestEnv,
  workspaceWithTeam,
  type TestEnv,
} from "@/server/testing/fixtures";

let env: TestEnv;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
beforeAll(async () => {
  env = await createTestEnv();
  team = await workspaceWithTeam(env);
});
afterAll(() => env.close());

describe("customers.import", () => {
  it("stores the valid rows and reports each invalid one by its row number", async () => {
    const responder = await callerAs(env, team.users.responder);
    const workspace = team.workspace.slug;
    const result = await responder.customers.import({
      workspace,
      rows: [
        {
          row: 2,
          customer: {
            id: "c-1",
            name: "Ada Ltd",
            attributes: { plan: "pro", seats: 12 },
            contacts: [{ email: "ada@ada.io", locale: "en-GB" }],
          },
        },
        { row: 3, customer: { id: "c-2", contacts: [{ email: "not an email" }] } },
        { row: 4, customer: { id: "", name: "No id" } },
        { row: 5, customer: { id: "c-3", attributes: { "plan type": "free" } } },
        { row: 6, customer: { id: "c-4", name: "Bo AB" } },
      ],
    });
    expect(result).toEqual({
      created: 2,
      updated: 0,
      imported: 2,
      failed: [
        { row: 3, message: expect.stringMatching(/^contacts\.0\.email: Invalid email/) },
        { row: 4, message: expect.stringMatching(/^id: /) },
        { row: 5, message: expect.stringMatching(/^attributes\.plan type: /) },
      ],
    });
    const page = await responder.customers.list({ workspace });
    expect(page.customers.map((c) => c.externalId)).toEqual(["c-1", "c-4"]);
    expect(page.customers[0]).toMatchObject({
      attributes: { plan: "pro", seats: 12 },
      contactCount: 1,
    });

    // The next chunk of the same file updates what the first one created.
    const again = await responder.customers.import({
      workspace,
      rows: [
        { row: 1002, customer: { id: "c-1", attributes: { plan: "enterprise" } } },
        { row: 1003, customer: { id: "c-4", name: "Bo AB" } },
      ],
    });
    expect(again).toEqual({ created: 0, updated: 1, imported: 2, failed: [] });
  });

  it("reports a chunk of only invalid rows without storing anything", async () => {
    const admin = await callerAs(env, team.users.admin);
    const result = await admin.customers.import({
      workspace: team.workspace.slug,
      rows: [{ row: 9, customer: { name: "missing id" } }],
    });
    expect(result).toMatchObject({ created: 0, updated: 0, imported: 0, failed: [{ row: 9 }] });
  });

  it("refuses chunks over 1,000 rows", async () => {
    const admin = await callerAs(env, team.users.admin);
    const rows = Array.from({ length: 1001 }, (_, i) => ({
      row: i + 2,
      customer: { id: `x${i}` },
    }));
    await expect(
      admin.customers.import({ workspace: team.workspace.slug, rows }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("needs the responder role: viewers may read the directory but not import", async () => {
    const viewer = await callerAs(env, team.users.viewer);
    await expect(
      viewer.customers.import({
        workspace: team.workspace.slug,
        rows: [{ row: 2, customer: { id: "v" } }],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const found = await viewer.customers.list({ workspace: team.workspace.slug, search: "v" });
    expect(found.customers.map((c) => c.externalId)).not.toContain("v");
  });
});
