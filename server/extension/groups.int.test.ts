/** Report groups in the dashboard: commanders list them, declare an incident from one, dismiss one. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentCustomer, reportGroup } from "@/db/schema";
import { seedPeople } from "@/server/messaging/updates-testing";
import { callerAs, createTestEnv, type TestEnv } from "@/server/testing/fixtures";
import { reportsApi } from "./api";
import { agentRequest, agentWorkspace, answer } from "./testing";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function world() {
  const a = await agentWorkspace(env);
  const [ada, bob] = await seedPeople(env.db, a.workspace.id, [
    { name: "Tenant 042", emails: ["ada@tenant42.example"] },
    { name: "Tenant 043", emails: ["bob@tenant43.example"] },
  ]);
  const suspect = async (value: string, note: string, ticket?: string) =>
    (
      await answer(
        reportsApi(
          env.db,
          agentRequest("/reports", a.tokens.responder, {
            kind: "suspected",
            customer: { kind: "email", value },
            note,
            ...(ticket ? { ticket_url: ticket } : {}),
          }),
        ),
      )
    ).body;
  const checkout = await suspect(
    "ada@tenant42.example",
    "Checkout button does nothing",
    "https://acme.zendesk.com/agent/tickets/1",
  );
  await suspect("bob@tenant43.example", "checkout buttons do nothing!");
  const invoices = await suspect("bob@tenant43.example", "Invoices are missing");
  return { ...a, ids: { ada, bob }, checkout, invoices };
}

describe("report groups", () => {
  it("lists open groups, most recently reported first, with customers, notes and who reported", async () => {
    const w = await world();
    const commander = await callerAs(env, w.users.commander);
    const groups = await commander.reportGroups.list({ workspace: w.workspace.slug });
    expect(groups.map((g) => [g.title, g.customerCount])).toEqual([
      ["Invoices are missing", 1],
      ["Checkout button does nothing", 2],
    ]);
    expect(groups[1].reports).toEqual([
      expect.objectContaining({
        customer: { id: w.ids.bob, externalId: expect.any(String), name: "Tenant 043" },
        note: "checkout buttons do nothing!",
        reportedBy: "responder user",
        ticketUrl: null,
      }),
      expect.objectContaining({
        customer: expect.objectContaining({ id: w.ids.ada }),
        ticketUrl: "https://acme.zendesk.com/agent/tickets/1",
      }),
    ]);
    const responder = await callerAs(env, w.users.responder);
    await expect(
      responder.reportGroups.list({ workspace: w.workspace.slug }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("declares an incident from a group: its customers added by hand, the group closed", async () => {
    const w = await world();
    const commander = await callerAs(env, w.users.commander);
    const declared = await commander.reportGroups.declare({
      workspace: w.workspace.slug,
      groupId: w.checkout.group_id,
      severity: "SEV2",
    });
    expect(declared.customersAdded).toBe(2);
    const incident = await commander.incidents.get({
      workspace: w.workspace.slug,
      incidentId: declared.incidentId,
    });
    expect(incident).toMatchObject({
      title: "Checkout button does nothing",
      severity: "SEV2",
      affectedCustomers: 2,
    });
    const rows = await env.db
      .select()
      .from(incidentCustomer)
      .where(eq(incidentCustomer.incidentId, declared.incidentId));
    expect(rows.map((r) => [r.customerId, r.source, r.addedBy]).sort()).toEqual(
      [
        [w.ids.ada, "manual", w.users.commander.id],
        [w.ids.bob, "manual", w.users.commander.id],
      ].sort(),
    );
    const [group] = await env.db
      .select()
      .from(reportGroup)
      .where(eq(reportGroup.id, w.checkout.group_id));
    expect(group.incidentId).toBe(declared.incidentId);
    expect(group.closedAt).toBeInstanceOf(Date);
    const open = await commander.reportGroups.list({ workspace: w.workspace.slug });
    expect(open.map((g) => g.title)).toEqual(["Invoices are missing"]);
    // Declaring twice is refused, and so is naming another workspace's group.
    await expect(
      commander.reportGroups.declare({ workspace: w.workspace.slug, groupId: w.checkout.group_id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await world();
    await expect(
      commander.reportGroups.dismiss({
        workspace: w.workspace.slug,
        groupId: other.invoices.group_id,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("dismisses a group; the next report of the same problem starts a new one", async () => {
    const w = await world();
    const commander = await callerAs(env, w.users.commander);
    await commander.reportGroups.dismiss({
      workspace: w.workspace.slug,
      groupId: w.invoices.group_id,
    });
    expect(
      (await commander.reportGroups.list({ workspace: w.workspace.slug })).map((g) => g.title),
    ).toEqual(["Checkout button does nothing"]);
    const again = await answer(
      reportsApi(
        env.db,
        agentRequest("/reports", w.tokens.responder, {
          kind: "suspected",
          customer: { kind: "email", value: "ada@tenant42.example" },
          note: "Invoices are missing",
        }),
      ),
    );
    expect(again.body.group_id).not.toBe(w.invoices.group_id);
  });
});
