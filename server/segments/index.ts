/** Saved segments: the rule model, its pure evaluation and SQL form, and the segment service. */
export * from "./rule";
export { matchesRule, matchesCondition } from "./match";
export { compileRule, compileCondition } from "./compile";
export {
  nameFromPredicates,
  parseRule,
  PREDICATE_LIMIT,
  predicateSchema,
  SEGMENT_NAME_MAX,
  ruleFromPredicates,
  type Predicate,
} from "./predicates";
export * from "./schemas";
export { getSegment, listSegments, previewRule } from "./queries";
export {
  createSegment,
  insertSegment,
  lockSegment,
  lockSegmentNames,
  removeSegment,
  ruleHash,
  updateSegment,
} from "./service";
