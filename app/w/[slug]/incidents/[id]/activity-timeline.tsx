"use client";
/** Who changed what, when, and what they wrote with it: the incident's timeline, newest first. */
import {
  Ban,
  Bug,
  CheckCheck,
  CircleDot,
  FilePen,
  Hourglass,
  Send,
  Flag,
  Pencil,
  Siren,
  Target,
  Unlink,
  UserMinus,
  UserPlus,
  type LucideIcon,
} from "lucide-react";
import type { ReactNode } from "react";
import { Card } from "@/app/_components/ui";
import { formatAgo, formatDateTime } from "@/app/_lib/format";
import { statusLabel } from "../badges";
import type { ActivityEntry } from "./types";

export function ActivityTimeline({ activity }: { activity: ActivityEntry[] }) {
  return (
    <Card title="Timeline" description="Every change, with who made it." padded={false}>
      <ol
        className="max-h-[28rem] space-y-0 overflow-y-auto px-4 py-3"
        data-testid="activity-timeline"
      >
        {activity.map((a, idx) => {
          const { icon: Icon, text } = describe(a);
          return (
            <li key={a.id} className="relative flex gap-3 pb-4 last:pb-0">
              {idx < activity.length - 1 && (
                <span className="absolute left-[11px] top-6 h-[calc(100%-1rem)] w-px bg-zinc-200" />
              )}
              <span className="grid size-6 shrink-0 place-items-center rounded-full bg-zinc-100 text-zinc-600">
                <Icon className="size-3.5" />
              </span>
              <div className="min-w-0 pt-0.5 text-sm">
                <p className="text-zinc-700">
                  <span className="font-medium text-zinc-900">{actorOf(a)}</span> {text}
                </p>
                {a.note && (
                  <p
                    className="my-1 whitespace-pre-wrap break-words border-l-2 border-zinc-300 pl-2 text-zinc-800"
                    data-testid="activity-note"
                  >
                    {a.note}
                  </p>
                )}
                <p className="text-xs text-zinc-500" title={formatDateTime(a.at)}>
                  {formatAgo(a.at)}
                </p>
              </div>
            </li>
          );
        })}
        {activity.length === 0 && <li className="text-sm text-zinc-500">No changes yet.</li>}
      </ol>
    </Card>
  );
}

/** A person, an API key (status updates posted through the API name their key), or Blastradius. */
function actorOf(a: ActivityEntry): string {
  if (a.actorName) return a.actorName;
  if (a.kind.startsWith("update_") && a.fromValue?.startsWith("API key ")) return a.fromValue;
  return "Blastradius";
}

const b = (s: ReactNode) => <span className="font-medium text-zinc-900">{s}</span>;
const status = (s: string | null) => (s ? statusLabel(s as never) : "—");

function describe(a: ActivityEntry): { icon: LucideIcon; text: ReactNode } {
  switch (a.kind) {
    case "opened":
      return {
        icon: Siren,
        text: a.actorId
          ? "declared the incident"
          : "opened the incident when an error crossed a threshold",
      };
    case "status":
      return {
        icon: a.toValue === "resolved" ? Flag : CircleDot,
        text: (
          <>
            changed status from {b(status(a.fromValue))} to {b(status(a.toValue))}
          </>
        ),
      };
    case "severity":
      return {
        icon: Siren,
        text: (
          <>
            changed severity from {b(a.fromValue)} to {b(a.toValue)}
          </>
        ),
      };
    case "title":
      return { icon: Pencil, text: <>renamed it to {b(`“${a.toValue}”`)}</> };
    case "issue_attached":
      return { icon: Bug, text: <>attached {b(a.issueLabel ?? "an issue")}</> };
    case "issue_detached":
      return { icon: Unlink, text: <>detached {b(a.issueLabel ?? "an issue")}</> };
    case "customer_added":
      return { icon: UserPlus, text: <>added {b(a.toValue)} by hand</> };
    case "customer_removed":
      return { icon: UserMinus, text: <>removed {b(a.fromValue)}</> };
    // From the support extension (server/extension): a ticket's customer, and the update used.
    case "customer_reported":
      return { icon: UserPlus, text: <>reported {b(a.toValue)} as affected from a ticket</> };
    case "reply_inserted":
      return {
        icon: Send,
        text: (
          <>
            inserted update {b(`#${a.fromValue}`)} into a reply to {b(a.toValue)}
          </>
        ),
      };
    case "audience_segment":
      return {
        icon: Target,
        text: a.toValue ? (
          <>
            set the audience to segment {b(a.toValue)}
            {a.fromValue ? <> (was {b(a.fromValue)})</> : null}
          </>
        ) : (
          <>removed the audience rule {b(a.fromValue ?? "")}</>
        ),
      };
    case "audience_rule_changed":
      return {
        icon: Pencil,
        text: (
          <>
            changed the audience rule to {b(a.toValue)} (was {b(a.fromValue)})
          </>
        ),
      };
    case "audience_excluded":
      return { icon: UserMinus, text: <>excluded {b(a.toValue)} from the audience</> };
    case "audience_included":
      return { icon: UserPlus, text: <>put {b(a.fromValue)} back into the audience</> };
    // Status updates: toValue is "#3 identified “Title”" or "#3 identified to 1,204 recipients".
    case "update_drafted":
      return { icon: FilePen, text: <>drafted update {b(a.toValue)}</> };
    case "update_approval_requested":
      return { icon: Hourglass, text: <>asked for approval to send update {b(a.toValue)}</> };
    case "update_approved":
      return { icon: CheckCheck, text: <>approved update {b(a.toValue)}</> };
    case "update_sent":
      return { icon: Send, text: <>sent update {b(a.toValue)}</> };
    case "update_cancelled":
      return { icon: Ban, text: <>cancelled update {b(a.toValue)}</> };
    default:
      return { icon: CircleDot, text: a.kind.replace(/_/g, " ") };
  }
}
