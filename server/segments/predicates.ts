/**
 * From the segment engine's explanation to a saved rule: an engine segment is a conjunction
 * of predicates (server/correlate), and adopting it as an audience turns each one into the
 * rule condition that selects the same customers.
 */
import { z } from "zod";
import type { Predicate } from "@/server/correlate";
import { invalid } from "@/server/errors";
import { ruleSchema, type Rule, type RuleInput } from "./rule";
import { parseInput } from "./validate";

export type { Predicate };

export const PREDICATE_LIMIT = 20;

/** The shape the audience router accepts; the rule schema then checks names and values. */
export const predicateSchema = z.object({
  attribute: z.string().max(200),
  value: z.string().max(1000),
  match: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("missing") }),
      z.object({
        kind: z.literal("range"),
        type: z.enum(["number", "version"]),
        min: z.string().max(200).optional(),
        max: z.string().max(200).optional(),
      }),
    ])
    .optional(),
});

/** Parses a rule at a boundary: a precise `invalid` error naming each bad field, never a partial rule. */
export function parseRule(input: unknown, label = "rule"): Rule {
  return parseInput(ruleSchema, input, label);
}

function conditionOf(p: Predicate): RuleInput["conditions"][number] {
  if (!p.match) return { attribute: p.attribute, op: "equals", value: p.value };
  if (p.match.kind === "missing") return { attribute: p.attribute, op: "missing" };
  const { type, min, max } = p.match;
  if (type === "version") return { attribute: p.attribute, op: "version_between", min, max };
  const num = (s: string | undefined) =>
    s === undefined || s.trim() === "" ? undefined : Number(s);
  return { attribute: p.attribute, op: "between", min: num(min), max: num(max) };
}

/**
 * The rule selecting an engine segment's customers: equality → equals, missing → missing,
 * range → between (numbers) or version_between (versions). Throws `invalid` when a predicate
 * cannot be a condition (an attribute name the directory does not allow, a range bound that
 * is not a number or a version, no predicates at all).
 */
export function ruleFromPredicates(predicates: Predicate[]): Rule {
  if (predicates.length > PREDICATE_LIMIT) {
    throw invalid(`predicates: at most ${PREDICATE_LIMIT} predicates`);
  }
  return parseRule({ conditions: predicates.map(conditionOf) }, "predicates");
}

export const SEGMENT_NAME_MAX = 100;

/** "region = eu-west-1 · app_version = 5.2.0", shortened with "…" to fit a segment name. */
export function nameFromPredicates(predicates: Predicate[]): string {
  const name = predicates.map((p) => `${p.attribute} = ${p.value}`).join(" · ");
  const chars = Array.from(name);
  return chars.length <= SEGMENT_NAME_MAX
    ? name
    : `${chars.slice(0, SEGMENT_NAME_MAX - 1).join("")}…`;
}
