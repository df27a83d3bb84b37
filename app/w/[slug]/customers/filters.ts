/**
 * The customers list's state in the URL, so a filtered list can be linked and the Back button
 * works: `?q=acme&filter=plan:"pro"&filter=seats:5&sort=lastSeen.desc`. Filter values keep
 * their JSON type, because `plan = "5"` and `plan = 5` are different attributes.
 */
import type { AttributeValue } from "@/db/schema/customers";

export interface AttributeFilter {
  key: string;
  value: AttributeValue;
}

export const SORTS = ["name", "externalId", "lastSeen", "created"] as const;
export type SortKey = (typeof SORTS)[number];

export function filterParam(f: AttributeFilter): string {
  return `${f.key}:${JSON.stringify(f.value)}`;
}

export function parseFilterParam(param: string): AttributeFilter | null {
  const at = param.indexOf(":");
  if (at < 1) return null;
  try {
    const value: unknown = JSON.parse(param.slice(at + 1));
    if (["string", "number", "boolean"].includes(typeof value)) {
      return { key: param.slice(0, at), value: value as AttributeValue };
    }
  } catch {
    // a hand-edited URL: ignore the filter
  }
  return null;
}

export function parseSort(param: string | null): { sort: SortKey; dir: "asc" | "desc" } {
  const [sort, dir] = (param ?? "").split(".");
  return {
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as SortKey) : "name",
    dir: dir === "desc" ? "desc" : "asc",
  };
}

/** `plan: pro`, `sso: true`, `name: "5"` (a string that looks like a number keeps its quotes). */
export function formatFilterValue(value: AttributeValue): string {
  if (typeof value === "string" && /^(-?\d+(\.\d+)?|true|false)$/.test(value)) {
    return JSON.stringify(value);
  }
  return String(value);
}
