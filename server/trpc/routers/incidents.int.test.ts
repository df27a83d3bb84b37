import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/server/ingest";
import { seedCustomers } from "@/server/incidents/testing";
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

/** Events from `customers` distinct customers for one error, in the last few minutes. */
function errorEvents(prefix: string, customers: number, region = "eu-west") {
  const now = Date.now();
  return Array.from({ length: customers }, (_, i) => ({
    id: `${prefix}-${i}`,
    timestamp: new Date(now - (i % 4) * 60_000).toISOString(),
    service: `${prefix}-service`,
    error: { type: "TimeoutError", message: `upstream ${prefix} timed out after ${i} ms` },
    customer: {
      id: `${prefix}_cus_${i}`,
      name: `${prefix} customer ${i}`,
      attributes: { region, plan: i % 2 ? "pro" : "free" },
    },
  }));
}

describe("incidents router", () => {
  it("lets a commander run an incident end to end and shows every change with who made it", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const ws = workspace.slug;
    // Three customers hit one error: below the auto-open threshold, so no incident yet.
    await ingestEvents(env.db, workspace.id, errorEvents("pay", 3));
    const asCommander = await callerAs(env, users.commander);
    expect(await asCommander.incidents.list({ workspace: ws, status: "all" })).toEqual([]);

    const [issue] = await asCommander.incidents.issues({ workspace: ws });
    expect(issue).toMatchObject({ service: "pay-service", customerCount: 3, incidents: [] });

    const created = await asCommander.incidents.create({
      workspace: ws,
      title: "Payments timing out",
      severity: "SEV2",
    });
    expect(created).toMatchObject({ number: 1, status: "investigating", affectedCustomers: 0 });

    await asCommander.incidents.attachIssue({
      workspace: ws,
      incidentId: created.id,
      issueId: issue.id,
    });
    const [row] = await asCommander.incidents.list({ workspace: ws });
    expect(row).toMatchObject({
      title: "Payments timing out",
      affectedCustomers: 3,
      affectedLastHour: 3,
      severity: "SEV2",
    });

    await asCommander.incidents.update({
      workspace: ws,
      incidentId: "INC-1",
      status: "identified",
      severity: "SEV1",
    });
    const added = await asCommander.incidents.addCustomers({
      workspace: ws,
      incidentId: created.id,
      externalIds: ["pay_cus_0", "vip_customer", "nobody"],
    });
    expect(added).toEqual({ added: 0, alreadyAffected: 1, unknown: ["vip_customer", "nobody"] });
    await seedCustomers(env.db, workspace.id, [{ externalId: "vip_customer", name: "VIP" }]);
    expect(
      await asCommander.incidents.addCustomers({
        workspace: ws,
        incidentId: created.id,
        externalIds: ["vip_customer"],
      }),
    ).toEqual({ added: 1, alreadyAffected: 0, unknown: [] });

    const page = await asCommander.incidents.customers({
      workspace: ws,
      incidentId: created.id,
      source: "manual",
    });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      externalId: "vip_customer",
      source: "manual",
      addedByName: "commander user",
      lastSeenAt: null,
    });

    const detail = await asCommander.incidents.get({ workspace: ws, incidentId: created.id });
    expect(detail).toMatchObject({
      status: "identified",
      severity: "SEV1",
      affectedCustomers: 4,
      eventCount: 3,
      openedByName: "commander user",
    });
    expect(detail.series.reduce((s, p) => s + p.events, 0)).toBe(3);
    expect(detail.issues.map((i) => i.id)).toEqual([issue.id]);
    expect(detail.activity.map((a) => [a.kind, a.fromValue, a.toValue, a.actorName])).toEqual(
      expect.arrayContaining([
        ["opened", null, "investigating", "commander user"],
        ["issue_attached", null, issue.id, "commander user"],
        ["status", "investigating", "identified", "commander user"],
        ["severity", "SEV2", "SEV1", "commander user"],
        ["customer_added", null, "vip_customer", "commander user"],
      ]),
    );

    await asCommander.incidents.removeCustomer({
      workspace: ws,
      incidentId: created.id,
      customerId: page.rows[0].customerId,
    });
    await asCommander.incidents.detachIssue({
      workspace: ws,
      incidentId: created.id,
      issueId: issue.id,
    });
    const after = await asCommander.incidents.get({ workspace: ws, incidentId: created.id });
    expect(after).toMatchObject({ affectedCustomers: 0, issues: [] });

    await asCommander.incidents.update({
      workspace: ws,
      incidentId: created.id,
      status: "resolved",
    });
    expect(await asCommander.incidents.list({ workspace: ws, status: "open" })).toEqual([]);
    expect(await asCommander.incidents.list({ workspace: ws, status: "resolved" })).toHaveLength(1);
  });

  it("shows the attribute breakdown of an auto-opened incident", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    await ingestEvents(env.db, workspace.id, errorEvents("eu", 30, "eu-west"));
    await seedCustomers(
      env.db,
      workspace.id,
      Array.from({ length: 90 }, (_, i) => ({
        attributes: { region: i % 2 ? "us-east" : "eu-west" },
      })),
    );
    const asViewer = await callerAs(env, users.viewer);
    const [inc] = await asViewer.incidents.list({ workspace: workspace.slug });
    expect(inc.affectedCustomers).toBe(30);
    // The first read may answer "computing"; the page asks again until it is ready.
    let read = await asViewer.incidents.breakdown({
      workspace: workspace.slug,
      incidentId: inc.id,
    });
    for (let i = 0; read.status === "computing" && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      read = await asViewer.incidents.breakdown({ workspace: workspace.slug, incidentId: inc.id });
    }
    const b = read.breakdown!;
    expect(b).toMatchObject({ totalAffected: 30, totalCustomers: 120 });
    const region = b.attributes.find((a) => a.key === "region")!;
    expect(region.values[0]).toMatchObject({ value: "eu-west", affected: 30, all: 75 });
    expect(region.values[0].affectedShare).toBe(1);
    expect(region.values[0].affectedRate).toBeCloseTo(0.4, 10);
  });

  it("lets viewers and responders read but not change anything", async () => {
    const { workspace, users } = await workspaceWithTeam(env);
    const ws = workspace.slug;
    await ingestEvents(env.db, workspace.id, errorEvents("ro", 2));
    const asAdmin = await callerAs(env, users.admin);
    const inc = await asAdmin.incidents.create({ workspace: ws, title: "Read only" });
    const [issue] = await asAdmin.incidents.issues({ workspace: ws });

    for (const role of ["viewer", "responder"] as const) {
      const c = await callerAs(env, users[role]);
      expect(await c.incidents.list({ workspace: ws })).toHaveLength(1);
      await expect(c.incidents.get({ workspace: ws, incidentId: inc.id })).resolves.toBeTruthy();
      await expect(
        c.incidents.customers({ workspace: ws, incidentId: inc.id }),
      ).resolves.toBeTruthy();
      await expect(
        c.incidents.breakdown({ workspace: ws, incidentId: inc.id }),
      ).resolves.toBeTruthy();
      const forbidden = { code: "FORBIDDEN" };
      await expect(c.incidents.create({ workspace: ws, title: "No" })).rejects.toMatchObject(
        forbidden,
      );
      await expect(
        c.incidents.update({ workspace: ws, incidentId: inc.id, status: "resolved" }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        c.incidents.attachIssue({ workspace: ws, incidentId: inc.id, issueId: issue.id }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        c.incidents.detachIssue({ workspace: ws, incidentId: inc.id, issueId: issue.id }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        c.incidents.addCustomers({ workspace: ws, incidentId: inc.id, externalIds: ["ro_cus_0"] }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        c.incidents.removeCustomer({ workspace: ws, incidentId: inc.id, customerId: 1 }),
      ).rejects.toMatchObject(forbidden);
    }
    const unchanged = await asAdmin.incidents.get({ workspace: ws, incidentId: inc.id });
    expect(unchanged).toMatchObject({ status: "investigating", affectedCustomers: 0, issues: [] });
    expect(unchanged.activity).toHaveLength(1);
    const anon = await callerAs(env, null);
    await expect(anon.incidents.list({ workspace: ws })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("gives a member of one workspace nothing of another", async () => {
    const a = await workspaceWithTeam(env);
    const b = await workspaceWithTeam(env);
    await ingestEvents(env.db, b.workspace.id, errorEvents("bee", 30));
    const asB = await callerAs(env, b.users.admin);
    const [incB] = await asB.incidents.list({ workspace: b.workspace.slug });
    const [issueB] = await asB.incidents.issues({ workspace: b.workspace.slug });
    const customerB = (
      await asB.incidents.customers({ workspace: b.workspace.slug, incidentId: incB.id })
    ).rows[0];

    const asA = await callerAs(env, a.users.admin);
    const A = a.workspace.slug;
    const B = b.workspace.slug;
    const notFound = { code: "NOT_FOUND" };
    // Naming B's workspace: not a member, so no such workspace.
    await expect(asA.incidents.list({ workspace: B })).rejects.toMatchObject(notFound);
    await expect(asA.incidents.get({ workspace: B, incidentId: incB.id })).rejects.toMatchObject(
      notFound,
    );
    await expect(asA.incidents.issues({ workspace: B })).rejects.toMatchObject(notFound);
    await expect(asA.incidents.create({ workspace: B, title: "x" })).rejects.toMatchObject(
      notFound,
    );
    // Naming B's incident, issue or customer from A's workspace: not found there.
    const incA = await asA.incidents.create({ workspace: A, title: "A's own" });
    for (const ref of [incB.id, `INC-${incB.number + 5}`]) {
      await expect(asA.incidents.get({ workspace: A, incidentId: ref })).rejects.toMatchObject(
        notFound,
      );
      await expect(
        asA.incidents.customers({ workspace: A, incidentId: ref }),
      ).rejects.toMatchObject(notFound);
      await expect(
        asA.incidents.breakdown({ workspace: A, incidentId: ref }),
      ).rejects.toMatchObject(notFound);
      await expect(
        asA.incidents.update({ workspace: A, incidentId: ref, status: "resolved" }),
      ).rejects.toMatchObject(notFound);
      await expect(
        asA.incidents.addCustomers({ workspace: A, incidentId: ref, externalIds: ["x"] }),
      ).rejects.toMatchObject(notFound);
      await expect(
        asA.incidents.removeCustomer({
          workspace: A,
          incidentId: ref,
          customerId: customerB.customerId,
        }),
      ).rejects.toMatchObject(notFound);
      await expect(
        asA.incidents.detachIssue({ workspace: A, incidentId: ref, issueId: issueB.id }),
      ).rejects.toMatchObject(notFound);
    }
    await expect(
      asA.incidents.attachIssue({ workspace: A, incidentId: incA.id, issueId: issueB.id }),
    ).rejects.toMatchObject(notFound);
    await expect(
      asA.incidents.addCustomers({
        workspace: A,
        incidentId: incA.id,
        externalIds: [customerB.externalId],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      asA.incidents.removeCustomer({
        workspace: A,
        incidentId: incA.id,
        customerId: customerB.customerId,
      }),
    ).rejects.toMatchObject(notFound);
    expect((await asA.incidents.issues({ workspace: A })).map((i) => i.id)).not.toContain(
      issueB.id,
    );

    // B's incident is untouched.
    const stillB = await asB.incidents.get({ workspace: B, incidentId: incB.id });
    expect(stillB).toMatchObject({ status: "investigating", affectedCustomers: 30 });
    expect(stillB.activity.map((a) => a.kind)).toEqual(["issue_attached", "opened"]);
  });
});
