/**
 * Workspace names and slugs. The slug is the workspace's address (/w/<slug>), derived from
 * the name and editable; plain data so the onboarding page validates with the same rules.
 */
import { z } from "zod";
import { isStorableText } from "@/server/customers/schema";

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(2, "Name must be at least 2 characters.")
  .max(60, "Name must be at most 60 characters.")
  .refine(
    (s) => isStorableText(s) && !/[\u0000-\u001f\u007f]/.test(s),
    "Name must be plain text, without control characters.",
  );

export const workspaceSlugSchema = z
  .string()
  .trim()
  .min(SLUG_MIN, `URL must be at least ${SLUG_MIN} characters.`)
  .max(SLUG_MAX, `URL must be at most ${SLUG_MAX} characters.`)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "Use lowercase letters, digits and single hyphens (not at the start or end).",
  );

/** "Acme Corp. (EU)" → "acme-corp-eu". Accents are folded; anything else becomes a hyphen. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}
