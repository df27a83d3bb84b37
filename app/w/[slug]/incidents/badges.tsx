/** How severity and status look everywhere: SEV1 red … SEV4 neutral; status by how far along it is. */
import { Badge } from "@/app/_components/ui";
import type { IncidentSeverity, IncidentStatus } from "@/server/incidents/queries";

const SEVERITY_TONE = { SEV1: "red", SEV2: "orange", SEV3: "amber", SEV4: "neutral" } as const;

export const SEVERITY_LABEL: Record<IncidentSeverity, string> = {
  SEV1: "Critical: core flows down for many customers",
  SEV2: "Major: a key feature broken for a segment",
  SEV3: "Minor: degraded, with a workaround",
  SEV4: "Low: cosmetic or a handful of customers",
};

/** The severities a person picks from, most severe first. */
export const SEVERITIES = Object.keys(SEVERITY_LABEL) as IncidentSeverity[];

/** `testId` null: a second copy of the badge (e.g. for narrow screens) that tests should not find. */
export function SeverityBadge({
  severity,
  testId = "incident-severity",
}: {
  severity: IncidentSeverity;
  testId?: string | null;
}) {
  return (
    <span data-testid={testId ?? undefined} title={SEVERITY_LABEL[severity]}>
      <Badge tone={SEVERITY_TONE[severity]} className="font-semibold">
        {severity}
      </Badge>
    </span>
  );
}

export const STATUS_STEPS: IncidentStatus[] = [
  "investigating",
  "identified",
  "monitoring",
  "resolved",
];

const STATUS_TONE = {
  investigating: "red",
  identified: "amber",
  monitoring: "blue",
  resolved: "green",
} as const;

const STATUS_DOT = {
  investigating: "bg-red-500",
  identified: "bg-amber-500",
  monitoring: "bg-blue-500",
  resolved: "bg-emerald-500",
} as const;

export const statusLabel = (s: IncidentStatus) => s[0].toUpperCase() + s.slice(1);

export function StatusBadge({
  status,
  testId = "incident-status",
}: {
  status: IncidentStatus;
  testId?: string | null;
}) {
  return (
    <span data-testid={testId ?? undefined}>
      <Badge tone={STATUS_TONE[status]}>
        <span
          className={`size-1.5 rounded-full ${STATUS_DOT[status]} ${status === "investigating" ? "animate-pulse" : ""}`}
        />
        {statusLabel(status)}
      </Badge>
    </span>
  );
}

export const incidentRef = (n: number) => `INC-${n}`;
