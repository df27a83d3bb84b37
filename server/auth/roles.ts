/** Workspace roles, strongest first. Plain data so pages can import it too. */
export const ROLES = ["admin", "commander", "responder", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { admin: 4, commander: 3, responder: 2, viewer: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `minRole` (admin > commander > responder > viewer). */
export function hasRole(role: string, minRole: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[minRole];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Manages members, API keys and settings; everything a commander can do.",
  commander: "Opens and runs incidents, confirms audiences, approves large sends.",
  responder: "Writes and sends status updates to affected customers.",
  viewer: "Reads incidents, customers and segments.",
};
