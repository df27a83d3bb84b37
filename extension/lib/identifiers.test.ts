// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { CUSTOM_DESK, HELP_DESKS, type HelpDeskId } from "./helpdesks";
import { findIdentifiers } from "./identifiers";
import { compileIdPatterns } from "./patterns";

const desk = (id: HelpDeskId) => HELP_DESKS.find((d) => d.id === id)!;
const load = (name: string) => {
  document.body.innerHTML = readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
};
const TENANT_IDS = compileIdPatterns(["\\btenant-\\d{3}\\b"]);
const AGENT = ["sam.okafor@acmecloud.example"];

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("findIdentifiers on a Zendesk ticket", () => {
  it("finds the requester's address and tenant id in the customer panel, lower-cased", () => {
    load("zendesk-ticket.html");
    const found = findIdentifiers(document, desk("zendesk"), {
      idPatterns: TENANT_IDS,
      ignoreEmails: AGENT,
    });
    expect(found.source).toBe("requester");
    expect(found.identifiers).toEqual([
      { kind: "email", value: "ada@analytical.example" },
      { kind: "external_id", value: "tenant-042" },
    ]);
  });

  it("ignores the ticket in the hidden background tab and the address quoted in the thread", () => {
    load("zendesk-ticket.html");
    const values = findIdentifiers(document, desk("zendesk")).identifiers.map((i) => i.value);
    expect(values).not.toContain("grace@cobol.example");
    expect(values).not.toContain("charles@babbage.example");
  });

  it("finds no customer on a new ticket whose only address is the agent's own", () => {
    load("zendesk-new-ticket.html");
    const found = findIdentifiers(document, desk("zendesk"), {
      idPatterns: TENANT_IDS,
      ignoreEmails: AGENT,
    });
    expect(found).toEqual({ identifiers: [], source: "none" });
  });

  it("finds the other customer once the background tab becomes the visible one", () => {
    load("zendesk-ticket.html");
    const [grace, ada] = document.querySelectorAll('[data-test-id="ticket-workspace"]');
    grace.removeAttribute("hidden");
    ada.setAttribute("hidden", "");
    const found = findIdentifiers(document, desk("zendesk"), { ignoreEmails: AGENT });
    expect(found.identifiers).toEqual([{ kind: "email", value: "grace@cobol.example" }]);
  });
});

describe("findIdentifiers on a Gmail thread", () => {
  it("finds every sender of the thread but the agent, in thread order", () => {
    load("gmail-thread.html");
    const found = findIdentifiers(document, desk("gmail"), { ignoreEmails: AGENT });
    expect(found.source).toBe("requester");
    expect(found.identifiers).toEqual([
      { kind: "email", value: "ada@analytical.example" },
      { kind: "email", value: "charles@babbage.example" },
    ]);
  });

  it("does not take the recipients, the account menu or the text of the messages", () => {
    load("gmail-thread.html");
    const values = findIdentifiers(document, desk("gmail"), {
      idPatterns: TENANT_IDS,
      ignoreEmails: AGENT,
    }).identifiers.map((i) => i.value);
    expect(values).not.toContain("support@acmecloud.example");
    expect(values).not.toContain("tenant-108");
  });
});

describe("findIdentifiers on a page it has no layout for", () => {
  it("falls back to addresses marked up in the ticket, then to id patterns", () => {
    load("custom-desk.html");
    const found = findIdentifiers(document, CUSTOM_DESK, {
      idPatterns: compileIdPatterns(["acct_[A-Za-z0-9]{8}"]),
      ignoreEmails: AGENT,
    });
    expect(found.source).toBe("ticket");
    expect(found.identifiers).toEqual([{ kind: "email", value: "lin@quantum.example" }]);
  });

  it("reads the ticket's visible text when nothing is marked up, skipping the reply box", () => {
    load("custom-desk.html");
    document.querySelector("a")!.replaceWith("Lin Wei <lin@quantum.example>");
    const found = findIdentifiers(document, CUSTOM_DESK, {
      idPatterns: compileIdPatterns(["(acct_[A-Za-z0-9]{8})"]),
      ignoreEmails: AGENT,
    });
    expect(found.identifiers).toEqual([
      { kind: "email", value: "lin@quantum.example" },
      { kind: "external_id", value: "acct_7Hq2xP9k" },
    ]);
  });

  it("stops at 50 identifiers, the most one lookup takes", () => {
    document.body.innerHTML = `<main>${Array.from({ length: 80 }, (_, i) => `<a href="mailto:c${i}@x.example">c</a>`).join("")}</main>`;
    expect(findIdentifiers(document, CUSTOM_DESK).identifiers).toHaveLength(50);
  });
});
