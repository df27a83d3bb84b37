/**
 * Shared set-up of the mailbox, suppressions and messages router tests: a team whose incident
 * affects customers with contacts, and status updates sent through the real path (the updates
 * router, as a responder) and delivered by the real worker into the built-in mailbox.
 */
import { seedIncident } from "@/server/incidents/testing";
import { deliverAll } from "@/server/messaging/delivery/worker";
import { mailboxTransport } from "@/server/messaging/delivery/transport";
import { seedPeople, type PersonSpec } from "@/server/messaging/updates-testing";
import { callerAs, workspaceWithTeam, type TestEnv } from "@/server/testing/fixtures";

export type Team = Awaited<ReturnType<typeof teamWithIncident>>;

/** A workspace with a member of every role and an incident affecting `people`. */
export async function teamWithIncident(env: TestEnv, people: PersonSpec[]) {
  const { workspace, users } = await workspaceWithTeam(env);
  const customerIds = await seedPeople(env.db, workspace.id, people);
  const incident = await seedIncident(env.db, workspace.id, {
    title: "Checkout fails in EU",
    affected: customerIds.map((customerId) => ({ customerId })),
  });
  return { workspace, users, customerIds, incident, ws: { workspace: workspace.slug } };
}

/** Sends an update to the incident's audience as the responder; returns it once delivered. */
export async function sendAndDeliver(env: TestEnv, team: Team, title: string) {
  const responder = await callerAs(env, team.users.responder);
  const draft = await responder.updates.createDraft({
    ...team.ws,
    incidentId: team.incident.id,
    status: "identified",
    title,
    body: "We found the cause and are **rolling back**.",
    audience: "incident",
  });
  const sent = await responder.updates.send({ ...team.ws, updateId: draft.id });
  if (sent.state !== "sent") throw new Error(`update not sent: ${sent.state}`);
  await deliverAll({ db: env.db, transport: mailboxTransport(env.db), ratePerSecond: 1000 });
  return draft;
}
