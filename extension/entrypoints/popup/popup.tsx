/**
 * The toolbar popup: the workspace's active incidents, newest first, each with its status,
 * severity, how many customers it affects and the latest update sent to them (the approved
 * words), with a Copy button. Loading, empty, disconnected and "Reconnect" states say what to
 * do next.
 */
import { ExternalLink, RefreshCw, Settings } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import {
  Button,
  Callout,
  CopyButton,
  Logo,
  SeverityBadge,
  Skeleton,
  StatusBadge,
} from "../../components/ui";
import type { ActiveIncident } from "../../lib/contract";
import { formatAgo, formatInt, formatWhen, plural } from "../../lib/format";
import type { Connection, Failure, IncidentList } from "../../lib/messages";
import { send } from "../../lib/runtime";
import { ThisTicket } from "./this-ticket";

type View =
  | { kind: "loading" }
  | { kind: "disconnected" }
  | { kind: "reconnect"; server: string }
  | { kind: "error"; message: string }
  | { kind: "ready"; list: IncidentList; connection: Extract<Connection, { state: "connected" }> };

/** Asks the background for the connection and the list; sets no state itself. */
async function loadView(refresh: boolean): Promise<View> {
  const connection = await send("connection/get", {});
  if (connection.state === "disconnected") return { kind: "disconnected" };
  if (connection.state === "reconnect") return { kind: "reconnect", server: connection.server };
  const result = await send("incidents/list", { refresh });
  if (result.ok) return { kind: "ready", list: result.data, connection };
  return failureView(result, connection.server);
}

const failedToLoad: View = { kind: "error", message: "The extension could not load." };

export function Popup() {
  const [view, setView] = useState<View>({ kind: "loading" });
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    let live = true;
    loadView(false).then(
      (v) => live && setView(v),
      () => live && setView(failedToLoad),
    );
    return () => {
      live = false;
    };
  }, []);

  const refresh = async () => {
    setRefreshing(true);
    setView(await loadView(true).catch(() => failedToLoad));
    setRefreshing(false);
  };
  const openOptions = () => void send("options/open", {}).then(() => window.close());

  return (
    <div className="flex max-h-[560px] w-[380px] flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2.5">
        <Logo />
        <div className="min-w-0 flex-1">
          <div className="text-sm font-semibold leading-tight">Active incidents</div>
          {view.kind === "ready" && (
            <div className="truncate text-xs text-zinc-500" data-testid="popup-workspace">
              {view.connection.me.workspace.name}
            </div>
          )}
        </div>
        {view.kind === "ready" && (
          <Button
            variant="ghost"
            size="sm"
            onClick={refresh}
            disabled={refreshing}
            aria-label="Refresh"
            title="Refresh"
          >
            <RefreshCw className={refreshing ? "size-3.5 animate-spin" : "size-3.5"} aria-hidden />
          </Button>
        )}
        <Button
          variant="ghost"
          size="sm"
          onClick={openOptions}
          aria-label="Settings"
          title="Settings"
        >
          <Settings className="size-3.5" aria-hidden />
        </Button>
      </header>
      <main className="min-h-0 flex-1 overflow-y-auto" aria-live="polite">
        {view.kind === "ready" && <ThisTicket incidents={view.list.incidents} />}
        <Body view={view} onRetry={refresh} onOptions={openOptions} />
      </main>
      {view.kind === "ready" && (
        <footer className="border-t border-zinc-100 px-3 py-1.5 text-[11px] text-zinc-500">
          Updated {formatWhen(view.list.fetchedAt)} ·{" "}
          {plural(view.list.incidents.length, "active incident")}
        </footer>
      )}
    </div>
  );
}

function failureView(result: Failure, server: string): View {
  if (result.error.kind === "reconnect") return { kind: "reconnect", server };
  if (result.error.kind === "disconnected") return { kind: "disconnected" };
  return { kind: "error", message: result.error.message };
}

function Body({
  view,
  onRetry,
  onOptions,
}: {
  view: View;
  onRetry: () => void;
  onOptions: () => void;
}) {
  switch (view.kind) {
    case "loading":
      return (
        <div className="space-y-4 p-3" aria-busy="true" aria-label="Loading incidents">
          {[0, 1].map((i) => (
            <div key={i} className="space-y-2">
              <Skeleton className="h-4 w-1/3" />
              <Skeleton className="h-4 w-4/5" />
              <Skeleton className="h-12 w-full" />
            </div>
          ))}
        </div>
      );
    case "disconnected":
      return (
        <Message
          title="Connect to Blastradius"
          action={<Button onClick={onOptions}>Open settings</Button>}
        >
          Connect the extension to your Blastradius server to see active incidents and the customers
          they affect.
        </Message>
      );
    case "reconnect":
      return (
        <Message
          title="Reconnect needed"
          action={<Button onClick={onOptions}>Reconnect</Button>}
          testId="popup-reconnect"
        >
          {view.server} no longer accepts this browser&apos;s token: it was revoked, or your
          membership changed.
        </Message>
      );
    case "error":
      return (
        <div className="p-3">
          <Callout tone="error">
            <p>{view.message}</p>
            <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
              Try again
            </Button>
          </Callout>
        </div>
      );
    case "ready":
      if (view.list.incidents.length === 0) {
        return (
          <Message title="No active incidents" testId="popup-empty">
            All clear. When an incident opens it shows here, on the toolbar badge, and beside
            tickets from the customers it affects.
          </Message>
        );
      }
      return (
        <ul className="divide-y divide-zinc-100" data-testid="popup-incidents">
          {view.list.incidents.map((incident) => (
            <IncidentItem key={incident.id} incident={incident} />
          ))}
        </ul>
      );
  }
}

function IncidentItem({ incident }: { incident: ActiveIncident }) {
  const update = incident.latest_update;
  return (
    <li className="space-y-2 px-3 py-3" data-testid="popup-incident">
      <div className="flex items-center gap-1.5">
        <span className="font-mono text-xs text-zinc-500">{incident.ref}</span>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <a
          href={incident.url}
          target="_blank"
          rel="noreferrer"
          className="ml-auto rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
          aria-label={`Open ${incident.ref} in Blastradius`}
          title="Open in Blastradius"
        >
          <ExternalLink className="size-3.5" aria-hidden />
        </a>
      </div>
      <div>
        <h2 className="text-sm font-medium leading-snug text-zinc-900">{incident.title}</h2>
        <p className="mt-0.5 text-xs text-zinc-500">
          <span className="font-medium text-zinc-700" data-testid="popup-affected">
            {formatInt(incident.affected_customers)}
          </span>{" "}
          {incident.affected_customers === 1 ? "customer" : "customers"} affected · started{" "}
          {formatAgo(incident.started_at)}
        </p>
      </div>
      {update ? (
        <div className="rounded-md border border-zinc-200 bg-zinc-50 p-2.5">
          <div className="mb-1 flex items-center justify-between gap-2">
            <span className="text-xs font-medium text-zinc-700">
              Update #{update.number}
              {update.sent_at && (
                <span className="font-normal text-zinc-500">
                  {" "}
                  · sent {formatAgo(update.sent_at)}
                </span>
              )}
            </span>
            <CopyButton text={update.body_text} />
          </div>
          <p
            className="line-clamp-5 whitespace-pre-line text-xs leading-relaxed text-zinc-700"
            data-testid="popup-update"
          >
            {update.body_text}
          </p>
        </div>
      ) : (
        <p className="text-xs text-zinc-500">No update sent to customers yet.</p>
      )}
    </li>
  );
}

function Message({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="flex flex-col items-center px-6 py-10 text-center" data-testid={testId}>
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      <p className="mt-1 text-sm text-zinc-500">{children}</p>
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
