/**
 * "This ticket" in the popup: the customer of the help-desk tab in front (asked of its content
 * script), with Report affected — attach them to an active incident, or report a suspected new
 * problem. It is how an agent reports a customer no incident names yet: those get no banner.
 */
import { useEffect, useState, type FormEvent } from "react";
import { browser } from "wxt/browser";
import { Button, Callout, Input } from "../../components/ui";
import type { ActiveIncident, ReportRequest } from "../../lib/contract";
import { plural } from "../../lib/format";
import { PAGE_CUSTOMER, type PageCustomer } from "../../lib/messages";
import { send } from "../../lib/runtime";

/** The customer on the active tab's ticket, or null (not a help-desk ticket, no customer). */
async function pageCustomer(): Promise<PageCustomer | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  try {
    return (
      ((await browser.tabs.sendMessage(tab.id, { type: PAGE_CUSTOMER })) as PageCustomer | null) ??
      null
    );
  } catch {
    return null; // no content script on that tab
  }
}

export function ThisTicket({ incidents }: { incidents: ActiveIncident[] }) {
  const [page, setPage] = useState<PageCustomer | null>(null);
  useEffect(() => {
    let live = true;
    pageCustomer().then((p) => live && setPage(p));
    return () => {
      live = false;
    };
  }, []);
  const customer = page?.customers[0];
  if (!page || !customer) return null;
  return (
    <section
      className="border-b border-zinc-200 bg-zinc-50 px-3 py-2.5"
      data-testid="popup-this-ticket"
    >
      <div className="text-xs text-zinc-500">On this ticket</div>
      <div className="text-sm">
        <span className="font-medium">{customer.person}</span>
        {customer.company && <span className="text-zinc-500"> · {customer.company}</span>}
      </div>
      <ReportForm
        customer={customer}
        ticketUrl={page.ticketUrl}
        incidents={incidents.filter((i) => !customer.incidentIds.includes(i.id))}
      />
    </section>
  );
}

function ReportForm({
  customer,
  ticketUrl,
  incidents,
}: {
  customer: PageCustomer["customers"][number];
  ticketUrl: string;
  incidents: ActiveIncident[];
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<"affected" | "suspected">(
    incidents.length ? "affected" : "suspected",
  );
  const [incident, setIncident] = useState(incidents[0]?.ref ?? "");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  if (!open) {
    return (
      <div className="mt-1.5 flex items-center gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setOpen(true)}
          data-testid="popup-report-open"
        >
          Report affected…
        </Button>
        {outcome && <span className="text-xs text-emerald-700">{outcome.text}</span>}
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = note.trim();
    const request: ReportRequest =
      kind === "affected"
        ? {
            kind,
            incident_id: incident,
            customer: customer.identifier,
            ticket_url: ticketUrl,
            ...(text ? { note: text } : {}),
          }
        : { kind, customer: customer.identifier, note: text, ticket_url: ticketUrl };
    setBusy(true);
    const result = await send("reports/create", request).finally(() => setBusy(false));
    if (!result.ok) return setOutcome({ tone: "error", text: result.error.message });
    const group = result.data.customers_in_group;
    setOutcome({
      tone: "success",
      text:
        kind === "affected"
          ? `Added to ${incident}.`
          : group && group > 1
            ? `Reported with ${plural(group - 1, "other customer")} who said the same.`
            : "Reported as a suspected new problem.",
    });
    setNote("");
    setOpen(false);
  }

  return (
    <form onSubmit={submit} className="mt-2 space-y-2 text-sm" data-testid="popup-report">
      <label className="flex items-center gap-2">
        <input
          type="radio"
          name="kind"
          checked={kind === "affected"}
          disabled={incidents.length === 0}
          onChange={() => setKind("affected")}
        />
        <span className="shrink-0">By</span>
        <select
          className="h-7 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-1.5 text-xs"
          value={incident}
          onChange={(e) => {
            setIncident(e.target.value);
            setKind("affected");
          }}
          disabled={incidents.length === 0}
          aria-label="Incident"
        >
          {incidents.length === 0 && <option>No other active incident</option>}
          {incidents.map((i) => (
            <option key={i.id} value={i.ref}>
              {i.ref} · {i.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        <input
          type="radio"
          name="kind"
          checked={kind === "suspected"}
          onChange={() => setKind("suspected")}
        />
        By a problem we do not know of yet
      </label>
      <Input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={kind === "suspected" ? "What does the customer see?" : "Note (optional)"}
        maxLength={2000}
        className="h-8 text-xs"
        aria-label="Note"
      />
      <div className="flex gap-2">
        <Button
          type="submit"
          size="sm"
          loading={busy}
          disabled={kind === "suspected" && !note.trim()}
        >
          Report
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      {outcome?.tone === "error" && <Callout tone="error">{outcome.text}</Callout>}
    </form>
  );
}
