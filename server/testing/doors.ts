/**
 * The world the "every door" property tests knock on, and what they check in every answer.
 *
 * Two workspaces built through the real code paths: A, where the caller is an admin (so that
 * roles are never what stops a call) with customers and contacts, incidents, issues, a segment
 * as an incident's audience, a sent status update, an invitation, an API key with every scope
 * and an agent token of the support extension; and B, whose every name carries FOREIGN_MARKER,
 * with the same kinds of rows. The ids of both (and real paging cursors of both) are pooled so
 * generated input names real rows, A's and B's. B must never show through: no answer to A may
 * contain the marker, and B's rows must never change.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { API_KEY_SCOPES, contact, member } from "@/db/schema";
import { setAudienceSegment } from "@/server/audience";
import { createApiKey } from "@/server/apikeys";
import { createToken } from "@/server/extension/tokens";
import { sendTo } from "@/server/messaging/notices-testing";
import { getMessagingSettings } from "@/server/messaging/settings";
import { rowsOf } from "@/server/customers/sql";
import { seedCustomers, seedIncident, seedIssue } from "@/server/incidents/testing";
import { createSegment } from "@/server/segments/service";
import { createInvitation } from "@/server/workspaces/invitations";
import { craftedCursor, type HostilePools } from "./hostile";
import {
  addMember,
  callerAs,
  createWorkspace,
  signUp,
  unique,
  type TestEnv,
  type TestUser,
  type TestWorkspace,
} from "./fixtures";

/** In every name of workspace B and of its rows; never in an answer to workspace A. */
export const FOREIGN_MARKER = "zanzibar";

export interface DoorsWorld {
  env: TestEnv;
  a: {
    workspace: TestWorkspace;
    admin: TestUser;
    apiKey: string;
    /** The admin's agent token for /api/extension/v1. */
    extensionToken: string;
    /** The publishable key and secret of GET /api/v1/notices, and customer ids to sign. */
    notices: { key: string; secret: string; customers: string[] };
  };
  b: { workspace: TestWorkspace };
  /**
   * Ids and names of real rows of A and B (and of nothing) that fit a property, by its name:
   * `incidentId` gets incident ids and numbers, `customerIds` customer ids, and so on.
   */
  known: (property: string | undefined) => readonly unknown[];
  /** For properties that need more than their schema: A's slug, real cursors, attributes. */
  property: (name: string) => fc.Arbitrary<unknown> | undefined;
  /** All those ids, for hostile mutations to put anywhere, and crafted cursors. */
  pools: HostilePools;
}

const PAGE_SIZES = [1, 25, 50, 100];

const ATTRIBUTES = {
  plan: ["gold", "free"],
  region: ["eu", "us"],
  app_version: ["5.3.0", "5.4.1"],
};

async function seedWorkspace(env: TestEnv, name: string, marker: string) {
  const admin = await signUp(env.auth, { name: `${name} Owner` });
  const workspace = await createWorkspace(env.auth, admin, `${name} Holdings`);
  const viewer = await signUp(env.auth, { name: `${name} Viewer` });
  await addMember(env.db, workspace, viewer, "viewer");
  const prefix = `${name.slice(0, 1).toLowerCase()}-${unique("cus")}`;
  const customers = await seedCustomers(
    env.db,
    workspace.id,
    Array.from({ length: 30 }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      name: `${name} customer ${i}`,
      attributes: {
        plan: i % 3 ? `${marker}${ATTRIBUTES.plan[i % 2]}` : ATTRIBUTES.plan[0],
        region: ATTRIBUTES.region[i % 2],
        app_version: ATTRIBUTES.app_version[i % 2],
        seats: i,
      },
    })),
  );
  const incident = await seedIncident(env.db, workspace.id, {
    title: `${name} checkout outage`,
    openedBy: admin.id,
    affected: customers.slice(0, 8).map((c, i) => ({
      customerId: c.id,
      source: i === 7 ? ("manual" as const) : ("observed" as const),
    })),
    minutes: [{ minute: new Date(), events: 12 }],
  });
  const resolved = await seedIncident(env.db, workspace.id, {
    title: `${name} old incident`,
    status: "resolved",
  });
  const issues = [
    await seedIssue(env.db, workspace.id, {
      message: `${name} gateway exploded`,
      attachTo: { incidentId: incident.id },
    }),
    await seedIssue(env.db, workspace.id, { message: `${name} search timed out` }),
  ];
  const segment = await createSegment(env.db, {
    workspaceId: workspace.id,
    actorId: admin.id,
    name: `${name} gold customers`,
    description: `${name} only`,
    rule: { conditions: [{ attribute: "plan", op: "equals", value: `${marker}gold` }] },
  });
  await setAudienceSegment(env.db, {
    workspaceId: workspace.id,
    incidentId: incident.id,
    actorId: admin.id,
    segmentId: segment.id,
  });
  const invitation = await createInvitation(env.auth, admin.headers, workspace.id, {
    email: `${name.toLowerCase()}.invitee.${unique("i")}@example.com`,
    role: "responder",
  });
  // The support extension: the admin's agent token, contacts to find customers by, and a sent
  // update to name in activity.
  const extensionToken = await createToken(env.db, {
    workspaceId: workspace.id,
    userId: admin.id,
    name: `${name} Chrome`,
    origin: "pasted",
  });
  const emails = customers.slice(0, 10).map((_, i) => `${prefix}-${i}@example.com`);
  await env.db.insert(contact).values(
    customers.slice(0, 10).map((c, i) => ({
      workspaceId: workspace.id,
      customerId: Number(c.id),
      email: emails[i],
    })),
  );
  const update = await sendTo(env.db, workspace.id, incident.id, {
    status: "investigating",
    title: `${name} is looking into it`,
    body: "We are on it.",
  });
  const key = await createApiKey(env.db, {
    workspaceId: workspace.id,
    name: `${name} key`,
    scopes: [...API_KEY_SCOPES],
    createdBy: admin.id,
  });
  const messaging = await getMessagingSettings(env.db, workspace.id);
  const members = await env.db
    .select({ id: member.id })
    .from(member)
    .where(eq(member.organizationId, workspace.id));

  // Real cursors: of the customer directory, an incident's customers, an audience's members.
  const caller = await callerAs(env, admin);
  const ws = workspace.slug;
  const cursors = [
    (await caller.customers.list({ workspace: ws, pageSize: 25 })).nextCursor,
    (await caller.incidents.customers({ workspace: ws, incidentId: incident.id, limit: 1 }))
      .nextCursor,
    (
      await caller.incidents.customers({
        workspace: ws,
        incidentId: incident.id,
        sort: "id",
        dir: "asc",
        limit: 1,
      })
    ).nextCursor,
    (await caller.audience.members({ workspace: ws, incidentId: incident.id, limit: 1 }))
      .nextCursor,
  ].filter((c): c is string => typeof c === "string");
  if (cursors.length !== 4) throw new Error("seeding: expected a next page of every listing");

  return {
    workspace,
    admin,
    apiKey: key.key,
    extensionToken: extensionToken.token,
    notices: {
      key: messaging.noticeKey,
      secret: messaging.noticeSecret,
      customers: customers.slice(0, 3).map((c) => c.externalId),
    },
    cursors,
    ids: {
      incident: [incident.id, resolved.id],
      segment: [segment.id],
      issue: issues.map((i) => i.id),
      member: members.map((m) => m.id),
      key: [key.id],
      customer: [customers[0].id, customers[7].id, customers[29].id],
      external: [customers[0].externalId, customers[9].externalId],
      email: [emails[0], emails[9].toUpperCase()],
      update: [update],
      invitation: [invitation.id],
    },
  };
}

export async function seedDoorsWorld(env: TestEnv): Promise<DoorsWorld> {
  const a = await seedWorkspace(env, "Acme", "");
  const b = await seedWorkspace(env, "Zanzibar", `${FOREIGN_MARKER}-`);
  // Not B's invitation: its id is a bearer secret, and whoever holds one may see the
  // workspace's name on the invite page by design.
  const { invitation: _secret, ...bIds } = b.ids;
  const both = <K extends keyof typeof bIds>(k: K) => [...a.ids[k], ...bIds[k]];
  const numbers = ["INC-1", "1", "INC-2", " 2 "];
  const nothing = [randomUUID(), "00000000-0000-0000-0000-000000000000"];
  const everything = [
    ...Object.values(a.ids).flat(),
    ...Object.values(bIds).flat(),
    ...numbers,
    ...nothing,
    b.workspace.slug,
  ];
  const attributes = Object.keys(ATTRIBUTES).concat("seats");
  const values = [...Object.values(ATTRIBUTES).flat(), 3, 29];
  const byProperty: [RegExp, readonly unknown[]][] = [
    [/incident/i, [...both("incident"), ...numbers, ...nothing]],
    [/segment/i, [...both("segment"), ...nothing]],
    [/issue/i, [...both("issue"), ...nothing]],
    [/member/i, both("member")],
    [/apikey/i, both("key")],
    [/invitation/i, a.ids.invitation],
    [/external/i, both("external")],
    [/email/i, both("email")],
    [/update/i, [...both("update"), ...nothing]],
    [/customer/i, [...both("customer"), ...both("external")]],
    [/^(attribute|key)$/i, attributes],
    [/^(value|values|min|max)$/i, values],
    [/^(id|ids)$/i, everything],
  ];
  return {
    env,
    a: {
      workspace: a.workspace,
      admin: a.admin,
      apiKey: a.apiKey,
      extensionToken: a.extensionToken,
      notices: a.notices,
    },
    b: { workspace: b.workspace },
    property: (name) => {
      if (name === "workspace") return fc.constant(a.workspace.slug);
      if (/cursor/i.test(name)) return fc.constantFrom(...a.cursors, ...b.cursors);
      // Messaging settings: a sender and origins of the shapes their refinements want.
      if (name === "mailFrom") {
        return fc.constantFrom(null, "Acme Status <status@acme.example>", "Ops <ops@example.com>");
      }
      if (name === "allowedOrigins") {
        return fc.uniqueArray(
          fc.constantFrom("https://app.acme.example", "http://localhost:3000", "https://x.test"),
          { maxLength: 3 },
        );
      }
      // Suppression list: addresses a send could have written to, in any case.
      if (name === "address") {
        return fc.constantFrom("ops@acme.example", "Person@Example.com", " x@y.test ");
      }
      if (name === "attributes") {
        return fc.dictionary(fc.constantFrom(...attributes), fc.constantFrom(...values), {
          maxKeys: 3,
        });
      }
      return undefined;
    },
    // Anything else: the page sizes lists accept.
    known: (property) =>
      byProperty.find(([re]) => property !== undefined && re.test(property))?.[1] ?? PAGE_SIZES,
    pools: {
      strings: everything.filter((v): v is string => typeof v === "string"),
      integers: [
        ...everything.filter((v): v is number => typeof v === "number"),
        2 ** 31 - 1,
        2 ** 53 - 1,
      ],
      cursors: craftedCursor([...a.cursors, ...b.cursors]),
    },
  };
}

/** Keeps the caller an admin of A after a command that may have demoted or removed them. */
export function restoreAdmin(world: DoorsWorld) {
  return addMember(world.env.db, world.a.workspace, world.a.admin, "admin");
}

/**
 * A digest of every row of workspace B: each table with a workspace_id (domain tables) or
 * organization_id (members, invitations) column, found in the catalogue so new tables count.
 */
export async function foreignDigest(world: DoorsWorld): Promise<string> {
  const db = world.env.db;
  const tables = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name in ('workspace_id', 'organization_id')
      order by table_name`),
  );
  const parts = [];
  for (const t of tables) {
    const [row] = rowsOf<{ h: string | null }>(
      await db.execute(sql`
        select md5(coalesce(string_agg(r::text, ',' order by r::text), '')) as h
        from ${sql.identifier(t.table_name)} r
        where ${sql.identifier(t.column_name)} = ${world.b.workspace.id}`),
    );
    parts.push(`${t.table_name}:${row.h}`);
  }
  const [org] = rowsOf<{ h: string }>(
    await db.execute(sql`select md5(o::text) as h from organization o
      where o.id = ${world.b.workspace.id}`),
  );
  return [...parts, `organization:${org.h}`].join("\n");
}

/** What must never be in an answer: SQL, driver and runtime errors, stack traces, paths. */
const INTERNAL = [
  ["a failed query", /failed query/i],
  [
    "SQL",
    /\bselect\b[\s\S]{0,300}\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+"?\w+"?\s+set\b/i,
  ],
  [
    "a PostgreSQL error",
    /postgres|violates|duplicate key|invalid input syntax|syntax error at|relation "|out of range for type|pglite/i,
  ],
  [
    "a runtime error",
    /cannot read propert|undefined is not|is not a function|is not iterable|\b(TypeError|RangeError|ReferenceError)\b|Maximum call stack/i,
  ],
  ["a stack trace", /\n\s+at\s|\bat\s+\S+\s+\(?\S+:\d+:\d+\)?/],
  ["a source path", /node_modules|file:\/\/|\.(tsx?|m?js):\d+/],
] as const;

/** The kinds of internal detail in `answer` that did not come from the caller's own input. */
export function internalDetails(answer: string, input: string): string[] {
  return INTERNAL.filter(([, re]) => re.test(answer) && !re.test(input)).map(([what]) => what);
}

export const showsForeignData = (answer: string) => answer.toLowerCase().includes(FOREIGN_MARKER);

/** JSON text for any value a test sends, bigints and own `__proto__` keys included. */
export const asText = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? "undefined";

/** At most `n` characters of `s`, for assertion messages. */
export const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}…` : s);
