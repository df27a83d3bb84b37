/**
 * Test factories that build real things through the real code paths: users sign up through
 * better-auth, workspaces are created through its organization plugin, and callers carry
 * the session cookie a browser would. Every name is unique so suites never collide.
 */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, OpenDb } from "@/db/client";
import { member } from "@/db/schema";
import { createAuth, type Auth } from "@/server/auth";
import type { Role } from "@/server/auth/roles";
import { createTestDb } from "./db";
import { appRouter } from "@/server/trpc/root";
import { createCallerFactory, createContext } from "@/server/trpc/init";

export const unique = (prefix = "t") => `${prefix}-${randomBytes(5).toString("hex")}`;

export interface TestEnv {
  db: Db;
  auth: Auth;
  open: OpenDb;
  close(): Promise<void>;
}

export async function createTestEnv(): Promise<TestEnv> {
  const open = await createTestDb();
  const auth = createAuth(open.db, { rateLimitStorage: "memory" });
  return { db: open.db, auth, open, close: () => open.close() };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  headers: Headers;
}

/** Signs a user up and returns the cookie header a browser would send afterwards. */
export async function signUp(
  auth: Auth,
  opts: { email?: string; name?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? `${unique("user")}@example.com`;
  const password = "correct-horse-battery";
  const res = await auth.api.signUpEmail({
    body: { email, password, name: opts.name ?? "Test User" },
    returnHeaders: true,
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: res.response.user.id, email, password, headers: new Headers({ cookie }) };
}

export interface TestWorkspace {
  id: string;
  slug: string;
  name: string;
}

/** Creates a workspace through better-auth; the creator becomes its admin. */
export async function createWorkspace(
  auth: Auth,
  owner: TestUser,
  name = "Acme",
): Promise<TestWorkspace> {
  const slug = unique("ws");
  const org = await auth.api.createOrganization({ body: { name, slug }, headers: owner.headers });
  if (!org) throw new Error("organization was not created");
  return { id: org.id, slug: org.slug, name: org.name };
}

/** Adds `user` to the workspace with `role` (as an accepted invitation would). */
export async function addMember(db: Db, workspace: TestWorkspace, user: TestUser, role: Role) {
  const existing = await db
    .select()
    .from(member)
    .where(and(eq(member.organizationId, workspace.id), eq(member.userId, user.id)));
  if (existing.length) {
    await db.update(member).set({ role }).where(eq(member.id, existing[0].id));
    return;
  }
  await db
    .insert(member)
    .values({ id: unique("m"), organizationId: workspace.id, userId: user.id, role });
}

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller acting as `user` (or anonymous), exactly as the HTTP adapter builds it. */
export async function callerAs(env: TestEnv, user: TestUser | null) {
  const ctx = await createContext({
    db: env.db,
    auth: env.auth,
    headers: user?.headers ?? new Headers(),
  });
  return createCaller(ctx);
}

/** A workspace with an admin, plus one member of each other role. */
export async function workspaceWithTeam(env: TestEnv) {
  const admin = await signUp(env.auth, { name: "Ada Admin" });
  const workspace = await createWorkspace(env.auth, admin);
  const users = { admin } as Record<Role, TestUser>;
  for (const role of ["commander", "responder", "viewer"] as const) {
    users[role] = await signUp(env.auth, { name: `${role} user` });
    await addMember(env.db, workspace, users[role], role);
  }
  return { workspace, users };
}
