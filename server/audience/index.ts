/** An incident's audience: who the messaging side sends to, as counts and as a paged list. */
export * from "./schemas";
export { audienceSegmentOf, resolveAudience, type AudienceSegment } from "./resolve";
export { listAudienceMembers } from "./members";
export { adoptSegment, excludeCustomers, includeCustomers, setAudienceSegment } from "./service";
