import { describe, expect, it } from "vitest";
import type { RenderInput } from "../types";
import { DEFAULT_TEMPLATES } from "./defaults";
import { pickLocale, renderMessage, templateFor } from "./index";
import { SUBJECT_MAX_LENGTH, unknownVariables } from "./variables";

function input(overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    workspaceName: "Acme Cloud",
    incidentReference: "INC-12",
    incidentTitle: "Checkout fails for some customers",
    segmentInWords: "app_version = 5.2.0 and region = eu-west",
    update: {
      number: 2,
      status: "identified",
      title: "We found the cause",
      body: "A configuration push broke **payments**.\n\n- Retries are safe\n- [Our status page](https://status.example.com)",
      sentAt: new Date("2026-12-04T18:00:00Z"),
    },
    recipient: { email: "ana@example.com", name: "Ana", customerName: "Ana GmbH", locale: "en" },
    template: DEFAULT_TEMPLATES.en.identified,
    links: {
      notice: "https://app.example.com/notice/tok.en",
      unsubscribe: "https://app.example.com/unsubscribe/un.sub",
    },
    ...overrides,
  };
}

describe("renderMessage", () => {
  it("is deterministic: the same input gives byte-identical subject, HTML and text", async () => {
    const a = await renderMessage(input());
    const b = await renderMessage(input());
    expect(b).toEqual(a);
    expect(b.html).toBe(a.html);
  });

  it("builds the email: workspace, status in words, incident, update, button and footer links", async () => {
    const email = await renderMessage(input());
    expect(email.subject).toBe("Cause found: Checkout fails for some customers");
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Acme Cloud");
      expect(part).toContain("Identified");
      expect(part).toContain("INC-12");
      expect(part).toContain("Checkout fails for some customers");
      expect(part).toContain("We found the cause");
      expect(part).toContain("Hi Ana,");
      expect(part).toContain("app_version = 5.2.0 and region = eu-west");
      expect(part).toContain("https://app.example.com/notice/tok.en");
      expect(part).toContain("https://app.example.com/unsubscribe/un.sub");
      expect(part).toContain("4 December 2026 at 18:00 UTC");
    }
    expect(email.html).toContain('href="https://app.example.com/notice/tok.en"');
    expect(email.html).toContain("See the status of this issue");
    expect(email.html).toContain("<strong>payments</strong>");
    expect(email.html).toContain('href="https://status.example.com"');
    expect(email.html).toContain('<meta name="color-scheme" content="light dark"');
    expect(email.html).toContain("prefers-color-scheme: dark");
    expect(email.text).toContain("Our status page (https://status.example.com)");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it("substitutes every variable as text, with fallbacks for a nameless contact and no segment", async () => {
    const template = {
      subject: "{{status}} · {{incident_title}} · {{workspace_name}}",
      intro: "Dear {{customer_name}}, about {{segment}}: {{ notice_url }}",
      outro: "Stop: {{unsubscribe_url}}",
    };
    const named = await renderMessage(input({ template }));
    expect(named.subject).toBe("Identified · Checkout fails for some customers · Acme Cloud");
    expect(named.text).toContain(
      "Dear Ana, about app_version = 5.2.0 and region = eu-west: https://app.example.com/notice/tok.en",
    );
    expect(named.text).toContain("Stop: https://app.example.com/unsubscribe/un.sub");
    expect(named.text).not.toContain("{{");

    const nameless = await renderMessage(
      input({
        template,
        segmentInWords: null,
        recipient: { email: "x@example.com", name: null, customerName: null, locale: null },
      }),
    );
    expect(nameless.text).toContain("Dear there, about your account:");
    expect(nameless.html).not.toContain("Affects customers with");
    const company = await renderMessage(
      input({
        template,
        recipient: { email: "x@example.com", name: null, customerName: "Ana GmbH", locale: null },
      }),
    );
    expect(company.text).toContain("Dear Ana GmbH,");
  });

  it("writes the email's own words in the recipient's language, falling back to English", async () => {
    const de = await renderMessage(
      input({
        template: DEFAULT_TEMPLATES.de.identified,
        recipient: { email: "a@example.com", name: "Jonas", customerName: null, locale: "de-AT" },
      }),
    );
    expect(de.subject).toBe("Ursache gefunden: Checkout fails for some customers");
    expect(de.html).toContain('lang="de"');
    expect(de.html).toContain("Aktuellen Stand ansehen");
    expect(de.text).toContain("Hallo Jonas,");
    expect(de.text).toContain("4. Dezember 2026");
    const fr = await renderMessage(
      input({
        template: DEFAULT_TEMPLATES.fr.resolved,
        update: { ...input().update, status: "resolved" },
        recipient: { email: "a@example.com", name: null, customerName: null, locale: "FR_ca" },
      }),
    );
    expect(fr.html).toContain("Voir l’état de ce problème");
    expect(fr.text).toContain("Bonjour à vous,");
    expect(fr.text).toContain("Résolu");
    const other = await renderMessage(
      input({
        recipient: { email: "a@example.com", name: null, customerName: null, locale: "ja" },
      }),
    );
    expect(other.html).toContain('lang="en"');
  });
});

describe("locale fallback", () => {
  it("takes the exact tag, then the base language, then en", () => {
    const available = ["en", "de", "pt-BR", "pt"];
    expect(pickLocale(available, "pt-BR")).toBe("pt-BR");
    expect(pickLocale(available, "pt-br")).toBe("pt-BR");
    expect(pickLocale(available, "pt-PT")).toBe("pt");
    expect(pickLocale(available, "de-CH")).toBe("de");
    expect(pickLocale(available, "ja")).toBe("en");
    expect(pickLocale(available, null)).toBe("en");
    expect(pickLocale(available, "")).toBe("en");
  });

  it("picks a contact's template out of an update's frozen templates", () => {
    const templates = {
      en: DEFAULT_TEMPLATES.en.resolved,
      de: DEFAULT_TEMPLATES.de.resolved,
      fr: DEFAULT_TEMPLATES.fr.resolved,
    };
    expect(templateFor(templates, "de-DE")).toBe(templates.de);
    expect(templateFor(templates, "fr")).toBe(templates.fr);
    expect(templateFor(templates, "es")).toBe(templates.en);
    expect(templateFor(templates, null)).toBe(templates.en);
  });

  it("has natural defaults for every status in en, de and fr, using only known variables", () => {
    for (const locale of ["en", "de", "fr"] as const) {
      for (const status of ["investigating", "identified", "monitoring", "resolved"] as const) {
        const t = DEFAULT_TEMPLATES[locale][status];
        expect(t.subject).toContain("{{incident_title}}");
        for (const text of [t.subject, t.intro, t.outro])
          expect(unknownVariables(text)).toEqual([]);
      }
    }
    expect(DEFAULT_TEMPLATES.de.resolved.subject).not.toBe(DEFAULT_TEMPLATES.en.resolved.subject);
  });
});

describe("subject lines", () => {
  it("are one line without control characters, trimmed to a sane length", async () => {
    const email = await renderMessage(
      input({
        incidentTitle: "Outage\r\nBcc: victim@example.com\u2028X-Evil: 1\u0000" + "x".repeat(400),
      }),
    );
    expect(email.subject).not.toMatch(/[\r\n\u0000-\u001f\u2028\u2029]/);
    expect(email.subject.startsWith("Cause found: Outage Bcc: victim@example.com X-Evil: 1")).toBe(
      true,
    );
    expect(Array.from(email.subject).length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
    expect(email.subject.endsWith("…")).toBe(true);
  });
});
