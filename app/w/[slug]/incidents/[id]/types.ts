/** What the incident procedures answer, as the browser receives it. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>["incidents"];
export type IncidentDetail = Outputs["get"];
export type Breakdown = NonNullable<Outputs["breakdown"]["breakdown"]>;
export type AffectedCustomerRow = Outputs["customers"]["rows"][number];
export type ActivityEntry = IncidentDetail["activity"][number];
export type AttachedIssue = IncidentDetail["issues"][number];
export type SegmentAnalysisRead = Outputs["segments"];
export type SegmentAnalysis = NonNullable<SegmentAnalysisRead["analysis"]>;
export type AffectedSegment = SegmentAnalysis["explanation"]["segments"][number];
export type SegmentPredicate = AffectedSegment["predicates"][number];
