/**
 * The demo workspace, seeded through the product's own code paths: people sign up and the
 * workspace is created through better-auth, teammates join by invitation, customers go
 * through the customers upsert, and error events through ingest — so the ongoing incident
 * opens by itself when its issue crosses the workspace's thresholds, with its aggregates.
 *
 * Idempotent: when the workspace "acme" exists, nothing is done (and null returned).
 *
 * The story is anchored at `now`: yesterday's incident was triaged, fixed and resolved by
 * the team, and the ongoing one opened ~40 minutes ago. Those commands run through the
 * incident service; because the seed runs them all at once, their activity rows (and the
 * resolved time) are then moved to the moments of the story, so the status history reads
 * as it would have had the team lived it.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incident, incidentActivity, incidentIssue, issue, organization } from "@/db/schema";
import { createApiKey } from "@/server/apikeys";
import type { Auth } from "@/server/auth";
import type { Role } from "@/server/auth/roles";
import { upsertCustomers } from "@/server/customers/upsert";
import { incidentThresholds } from "@/server/incidents/auto-open";
import { updateIncident, type UpdateIncidentInput } from "@/server/incidents/service";
import { ingestEvents } from "@/server/ingest";
import { acceptInvitation, createInvitation } from "@/server/workspaces/invitations";
import { createWorkspace } from "@/server/workspaces/workspaces";
import { DEMO_CUSTOMER_COUNT, DEMO_SEED, generateCustomers } from "./generate";
import { dateUpdate, deliverHistory, sendDemoUpdate, type DemoUpdate } from "./history";
import {
  ONGOING_INCIDENT,
  RESOLVED_INCIDENT,
  generateDemoEvents,
  thresholdCrossedAt,
  type DemoEvent,
  type Scenario,
} from "./events";

export const DEMO_EMAIL = "demo@blastradius.dev";
export const DEMO_WORKSPACE = { name: "Acme Cloud", slug: "acme" } as const;

/** Teammates who joined by invitation, and one invitation still pending. */
const TEAM: { name: string; email: string; role: Role }[] = [
  { name: "Maya Chen", email: "maya.chen@acmecloud.example", role: "commander" },
  { name: "Tomás Herrera", email: "tomas.herrera@acmecloud.example", role: "responder" },
  { name: "Priya Natarajan", email: "priya.natarajan@acmecloud.example", role: "responder" },
  { name: "Jonas Weber", email: "jonas.weber@acmecloud.example", role: "viewer" },
];
const PENDING_INVITATION = { email: "sam.okafor@acmecloud.example", role: "responder" as Role };

export interface SeedOptions {
  /** The moment the story is anchored at (events are in the 36 hours before it). */
  now: Date;
  /** The demo user's password (default: generated). */
  password?: string;
  customers?: number;
  log?: (line: string) => void;
}

export interface DemoSeed {
  workspaceId: string;
  slug: string;
  email: string;
  password: string;
  /** An API key with every scope (ingest, read, notify): this is the only time it is available. */
  apiKey: string;
  customers: number;
  events: number;
}

const MINUTE = 60_000;

export async function seedDemo(db: Db, auth: Auth, opts: SeedOptions): Promise<DemoSeed | null> {
  const log = opts.log ?? (() => {});
  const [existing] = await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.slug, DEMO_WORKSPACE.slug));
  if (existing) return null;

  const password = opts.password ?? randomBytes(9).toString("base64url");
  const admin = await signUp(auth, DEMO_EMAIL, "Alex Morgan", password);
  const workspace = await createWorkspace(db, auth, admin.headers, DEMO_WORKSPACE);
  const team: Partial<Record<Role, string>> = { admin: admin.id };
  for (const person of TEAM) {
    const invitation = await createInvitation(auth, admin.headers, workspace.id, person);
    const user = await signUp(
      auth,
      person.email,
      person.name,
      randomBytes(12).toString("base64url"),
    );
    await acceptInvitation(db, auth, user.headers, invitation.id);
    team[person.role] ??= user.id;
  }
  await createInvitation(auth, admin.headers, workspace.id, PENDING_INVITATION);
  log(`Created ${DEMO_EMAIL}, the workspace "${workspace.name}" and ${TEAM.length} teammates.`);

  const customers = generateCustomers(DEMO_SEED, opts.customers ?? DEMO_CUSTOMER_COUNT);
  for (let i = 0; i < customers.length; i += 1000) {
    await upsertCustomers(
      db,
      workspace.id,
      customers.slice(i, i + 1000).map((c) => ({
        id: c.externalId,
        name: c.name,
        attributes: c.attributes,
        contacts: c.contacts,
      })),
    );
  }
  log(`Added ${customers.length.toLocaleString("en-US")} customers.`);

  const events = generateDemoEvents(customers, opts.now, DEMO_SEED);
  const thresholds = await incidentThresholds(db, workspace.id);
  const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);
  const commander = team.commander ?? admin.id;

  // Yesterday: the sync incident opened itself, was triaged, fixed and resolved, and its
  // customers were told at each step (the updates set the incident's status as they go).
  await ingest(db, workspace.id, events.resolved, opts.now);
  const syncOpened = crossing(events.resolved, RESOLVED_INCIDENT, thresholds);
  const syncLast = new Date(events.resolved[events.resolved.length - 1].timestamp);
  await tellStory(
    db,
    workspace.id,
    await incidentOf(db, workspace.id, RESOLVED_INCIDENT),
    syncOpened,
    [
      {
        at: at(syncOpened, 6),
        actorId: commander,
        title: RESOLVED_INCIDENT.title,
        severity: "SEV2",
      },
      {
        at: at(syncOpened, 11),
        update: {
          authorId: commander,
          approverId: admin.id,
          fields: {
            status: "investigating",
            title: "Sync from Android fails for some free workspaces",
            body: "Since about an hour ago, syncing changes from the **Android app** fails for some workspaces on the free plan: changes stay on the phone and are not lost.\n\nWe are investigating and will write again within the hour.",
            audience: "incident",
          },
        },
      },
      {
        at: at(syncOpened, 24),
        update: {
          authorId: commander,
          approverId: admin.id,
          fields: {
            status: "identified",
            title: "We found the cause of the Android sync failures",
            body: "A change to how the server compares revisions rejects uploads from Android clients that were offline for a while. We are rolling it back.\n\n- Your data is safe: pending changes stay on the device.\n- No need to reinstall or sign out.",
            audience: "incident",
          },
        },
      },
      { at: at(syncLast, 2), actorId: commander, status: "monitoring" },
      {
        at: at(syncLast, 45),
        update: {
          authorId: admin.id,
          approverId: commander,
          fields: {
            status: "resolved",
            title: "Android sync works again",
            body: "The rollback is complete and every pending change has synced. Open the app once to be sure your latest changes are there.\n\nSorry for the trouble — and thank you for your patience.",
            audience: "incident",
          },
        },
      },
    ],
  );
  const delivered = await deliverHistory(db, workspace.id);
  log(
    `Replayed yesterday's incident (${events.resolved.length.toLocaleString("en-US")} events) and its 3 status updates (${delivered} batches into the mailbox).`,
  );

  // Now: background noise, and the checkout failure that is still going on.
  const live = [...events.noise, ...events.ongoing].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  await ingest(db, workspace.id, live, opts.now);
  const checkoutOpened = crossing(events.ongoing, ONGOING_INCIDENT, thresholds);
  await tellStory(
    db,
    workspace.id,
    await incidentOf(db, workspace.id, ONGOING_INCIDENT),
    checkoutOpened,
    [
      {
        at: at(checkoutOpened, 7),
        actorId: commander,
        title: ONGOING_INCIDENT.title,
        severity: "SEV2",
      },
    ],
  );
  log(
    `Ingested ${live.length.toLocaleString("en-US")} recent events; the checkout incident is open.`,
  );

  const key = await createApiKey(db, {
    workspaceId: workspace.id,
    name: "Demo key",
    scopes: ["ingest", "read", "notify"],
    createdBy: admin.id,
  });
  return {
    workspaceId: workspace.id,
    slug: workspace.slug,
    email: DEMO_EMAIL,
    password,
    apiKey: key.key,
    customers: customers.length,
    events: events.resolved.length + live.length,
  };
}

async function signUp(auth: Auth, email: string, name: string, password: string) {
  const res = await auth.api.signUpEmail({ body: { email, password, name }, returnHeaders: true });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: res.response.user.id, headers: new Headers({ cookie }) };
}

async function ingest(db: Db, workspaceId: string, events: DemoEvent[], now: Date) {
  for (let i = 0; i < events.length; i += 1000) {
    const result = await ingestEvents(db, workspaceId, events.slice(i, i + 1000), { now });
    if (result.rejected.length) {
      throw new Error(`demo events were rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
    }
  }
}

function crossing(
  events: DemoEvent[],
  scenario: Scenario,
  thresholds: { customers: number; eventsPerMinute: number },
): Date {
  const at = thresholdCrossedAt(events, thresholds);
  if (!at) throw new Error(`the ${scenario.key} events never cross the incident thresholds`);
  return at;
}

/** The incident that ingest opened for a scenario's issue. */
async function incidentOf(db: Db, workspaceId: string, scenario: Scenario): Promise<string> {
  const [row] = await db
    .select({ id: incident.id })
    .from(incident)
    .innerJoin(incidentIssue, eq(incidentIssue.incidentId, incident.id))
    .innerJoin(issue, eq(issue.id, incidentIssue.issueId))
    .where(and(eq(incident.workspaceId, workspaceId), eq(issue.errorType, scenario.errorType)))
    .limit(1);
  if (!row) throw new Error(`ingesting the ${scenario.key} events did not open an incident`);
  return row.id;
}

type Step = { at: Date } & (
  Omit<UpdateIncidentInput, "workspaceId" | "incidentId"> | { update: DemoUpdate }
);

/**
 * Runs the team's changes through the incident service (or, for a status update, the send
 * path, which changes the status through it), then dates them as the story goes.
 */
async function tellStory(
  db: Db,
  workspaceId: string,
  incidentId: string,
  openedAt: Date,
  steps: Step[],
) {
  let lastId = await retime(db, incidentId, openedAt, 0);
  for (const { at, ...change } of steps) {
    let updated;
    if ("update" in change) {
      await dateUpdate(db, await sendDemoUpdate(db, workspaceId, incidentId, change.update), at);
      [updated] = await db.select().from(incident).where(eq(incident.id, incidentId));
    } else {
      updated = await updateIncident(db, { workspaceId, incidentId, ...change });
    }
    lastId = await retime(db, incidentId, at, lastId);
    const resolvedAt = updated.status === "resolved" ? at : null;
    await db.update(incident).set({ resolvedAt, updatedAt: at }).where(eq(incident.id, incidentId));
  }
  await db.update(incident).set({ createdAt: openedAt }).where(eq(incident.id, incidentId));
}

/** Moves the activity rows written after `afterId` to `at`; returns the last row id. */
async function retime(db: Db, incidentId: string, at: Date, afterId: number): Promise<number> {
  const rows = await db
    .update(incidentActivity)
    .set({ at })
    .where(and(eq(incidentActivity.incidentId, incidentId), gt(incidentActivity.id, afterId)))
    .returning({ id: incidentActivity.id });
  return Math.max(afterId, ...rows.map((r) => r.id));
}
