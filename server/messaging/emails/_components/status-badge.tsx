/** The update's status in words on its colour (theme.ts statusColour). */
import type { IncidentStatus } from "../../schema-types";
import { statusColour } from "./theme";

export function StatusBadge({ status, label }: { status: IncidentStatus; label: string }) {
  return (
    <span
      style={{
        display: "inline-block",
        backgroundColor: statusColour[status],
        color: "#ffffff",
        fontSize: "12px",
        lineHeight: "18px",
        fontWeight: 600,
        letterSpacing: "0.02em",
        padding: "3px 10px",
        borderRadius: "999px",
      }}
    >
      {label}
    </span>
  );
}
