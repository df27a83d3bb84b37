/**
 * The banner beside a ticket (drawn inside a shadow root, so the help desk's styles and ours
 * never meet): which active incident affects this customer, since when, its status, the
 * latest approved update with "Insert reply" and "Copy", and "Report affected" — attach the
 * customer to another active incident, or report a suspected new problem with a note.
 */
import type {
  ActiveIncident,
  CustomerIncident,
  LookupMatch,
  ReportRequest,
} from "../../lib/contract";
import { formatAgo, formatWhen, plural, statusLabel } from "../../lib/format";
import type { Result } from "../../lib/messages";
import { h, logo } from "./dom";

export interface BannerActions {
  /** Puts the update into the reply box; answers what to tell the agent. */
  insertReply(match: LookupMatch, incident: CustomerIncident): Promise<string>;
  copy(text: string): Promise<void>;
  /** The workspace's active incidents, for "Report affected". */
  activeIncidents(): Promise<ActiveIncident[]>;
  report(request: ReportRequest): Promise<Result<{ customers_in_group: number | null }>>;
  dismiss(): void;
}

const REASON: Record<CustomerIncident["reason"], string> = {
  failing: "seen failing",
  segment: "in the affected segment",
  added: "added by hand",
};

/** Who the banner is about: "Ada Lovelace · Analytical Engines". */
export function customerLabel(match: LookupMatch): { person: string; company: string | null } {
  const person = match.contact_name ?? match.identifier.value;
  const company = match.customer.name ?? match.customer.external_id;
  return { person, company: company && company !== person ? company : null };
}

export function renderBanner(root: HTMLElement, matches: LookupMatch[], actions: BannerActions) {
  const status = h("span", { class: "status", role: "status", "data-testid": "br-status" });
  const say = (text: string, tone: "ok" | "error" = "ok") => {
    status.textContent = text;
    status.className = `status ${tone}`;
  };

  const sections = matches.slice(0, 3).map((match) => customerSection(match, actions, say));
  const more =
    matches.length > 3
      ? h(
          "p",
          { class: "muted" },
          `${plural(matches.length - 3, "more customer")} on this ticket affected.`,
        )
      : null;

  const first = matches[0];
  const reportForm = reportSection(first, actions, say);

  root.replaceChildren(
    h(
      "div",
      {
        class: "banner",
        role: "region",
        "aria-label": "Blastradius: customer affected by an incident",
        "data-testid": "br-banner",
      },
      h(
        "div",
        { class: "head" },
        logo(),
        h("span", { class: "brand" }, "Blastradius"),
        h(
          "span",
          { class: "head-text" },
          matches.length === 1
            ? "This customer is affected by an active incident"
            : "Customers on this ticket are affected by active incidents",
        ),
        h(
          "button",
          {
            class: "icon",
            type: "button",
            "aria-label": "Dismiss",
            title: "Dismiss",
            onclick: () => actions.dismiss(),
          },
          "×",
        ),
      ),
      ...sections,
      more,
      h(
        "div",
        { class: "footer" },
        h(
          "button",
          {
            class: "link",
            type: "button",
            "data-testid": "br-report-open",
            "aria-expanded": "false",
            onclick: (e: Event) => reportForm.toggle(e.currentTarget as HTMLButtonElement),
          },
          "Report affected…",
        ),
        status,
      ),
      reportForm.el,
    ),
  );
}

function customerSection(
  match: LookupMatch,
  actions: BannerActions,
  say: (t: string, tone?: "ok" | "error") => void,
) {
  const { person, company } = customerLabel(match);
  return h(
    "section",
    { class: "customer", "data-testid": "br-customer" },
    h(
      "div",
      { class: "who" },
      h("strong", {}, person),
      company ? h("span", { class: "muted" }, ` · ${company}`) : null,
    ),
    ...match.incidents.map((incident) => incidentBlock(match, incident, actions, say)),
  );
}

function incidentBlock(
  match: LookupMatch,
  incident: CustomerIncident,
  actions: BannerActions,
  say: (t: string, tone?: "ok" | "error") => void,
) {
  const update = incident.latest_update;
  const body = update
    ? h("p", { class: "body", "data-testid": "br-update" }, update.body_text)
    : null;
  return h(
    "div",
    { class: "incident", "data-testid": "br-incident", "data-incident": incident.ref },
    h(
      "div",
      { class: "meta" },
      h("span", { class: "ref" }, incident.ref),
      h("span", { class: `badge sev ${incident.severity}` }, incident.severity),
      h(
        "span",
        { class: `badge st ${incident.status}`, "data-testid": "br-incident-status" },
        h("span", { class: "dot" }),
        statusLabel(incident.status),
      ),
      h(
        "span",
        { class: "muted since", title: new Date(incident.since).toLocaleString() },
        `since ${formatWhen(incident.since)} (${formatAgo(incident.since)})`,
      ),
    ),
    h(
      "a",
      { class: "title", href: incident.url, target: "_blank", rel: "noreferrer" },
      incident.title,
    ),
    h("div", { class: "muted reason" }, `This customer is ${REASON[incident.reason]}.`),
    update
      ? h(
          "div",
          { class: "update" },
          h(
            "div",
            { class: "update-head" },
            `Update #${update.number}`,
            update.sent_at
              ? h("span", { class: "muted" }, ` · sent ${formatAgo(update.sent_at)}`)
              : null,
          ),
          body,
          h(
            "div",
            { class: "actions" },
            h(
              "button",
              {
                class: "primary",
                type: "button",
                "data-testid": "br-insert",
                onclick: async () => say(await actions.insertReply(match, incident)),
              },
              "Insert reply",
            ),
            h(
              "button",
              {
                type: "button",
                onclick: async () => {
                  await actions.copy(update.body_text);
                  say("Copied.");
                },
              },
              "Copy",
            ),
          ),
        )
      : h(
          "p",
          { class: "muted" },
          "No update has been sent to customers yet: nothing approved to insert.",
        ),
  );
}

function reportSection(
  match: LookupMatch,
  actions: BannerActions,
  say: (t: string, tone?: "ok" | "error") => void,
) {
  const { person } = customerLabel(match);
  const select = h("select", {
    name: "incident",
    "aria-label": "Incident",
    "data-testid": "br-report-incident",
  });
  const affected = h("input", { type: "radio", name: "kind", value: "affected", checked: true });
  const suspected = h("input", { type: "radio", name: "kind", value: "suspected" });
  const note = h("textarea", {
    name: "note",
    rows: 2,
    maxlength: 2000,
    placeholder: "What does the customer see? (e.g. Checkout button does nothing)",
    "aria-label": "Note",
    "data-testid": "br-report-note",
  });
  const submit = h(
    "button",
    { class: "primary", type: "submit", "data-testid": "br-report-submit" },
    "Report",
  );
  let loaded = false;

  const form = h(
    "form",
    { class: "report", hidden: true, "data-testid": "br-report" },
    h("div", { class: "report-title" }, `Report ${person} as affected`),
    h("label", { class: "choice" }, affected, "By an active incident ", select),
    h("label", { class: "choice" }, suspected, "By a problem we do not know of yet"),
    note,
    h(
      "div",
      { class: "actions" },
      submit,
      h("button", { type: "button", onclick: () => close() }, "Cancel"),
    ),
  );
  let opener: HTMLButtonElement | null = null;
  const close = () => {
    form.hidden = true;
    opener?.setAttribute("aria-expanded", "false");
  };

  async function fill() {
    if (loaded) return;
    loaded = true;
    const already = new Set(match.incidents.map((i) => i.id));
    const options = (await actions.activeIncidents()).filter((i) => !already.has(i.id));
    select.replaceChildren(
      ...options.map((i) => h("option", { value: i.ref }, `${i.ref} · ${i.title}`)),
    );
    if (options.length === 0) {
      affected.disabled = true;
      select.disabled = true;
      select.append(h("option", {}, "No other active incident"));
      suspected.checked = true;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = note.value.trim();
    const ticketUrl = location.href;
    let request: ReportRequest;
    if (suspected.checked) {
      if (!text) {
        say("Say what the customer reports.", "error");
        note.focus();
        return;
      }
      request = {
        kind: "suspected",
        customer: match.identifier,
        note: text,
        ticket_url: ticketUrl,
      };
    } else {
      request = {
        kind: "affected",
        incident_id: select.value,
        customer: match.identifier,
        ticket_url: ticketUrl,
        ...(text ? { note: text } : {}),
      };
    }
    submit.disabled = true;
    const result = await actions.report(request);
    submit.disabled = false;
    if (!result.ok) return say(result.error.message, "error");
    close();
    note.value = "";
    const group = result.data.customers_in_group;
    say(
      request.kind === "affected"
        ? `Reported: ${person} added to ${request.incident_id}.`
        : group && group > 1
          ? `Reported with ${plural(group - 1, "other customer")} who said the same.`
          : "Reported as a suspected new problem.",
    );
  });

  return {
    el: form,
    toggle(button: HTMLButtonElement) {
      opener = button;
      if (!form.hidden) return close();
      form.hidden = false;
      button.setAttribute("aria-expanded", "true");
      void fill().catch(() => say("Could not load the active incidents.", "error"));
    },
  };
}
