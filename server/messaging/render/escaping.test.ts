/**
 * Security: every value from an incident, a customer or a responder — titles, names, segment
 * words, the Markdown body and the workspace's template text — is neutralised in the email.
 * The HTML is read as a DOM, as a mail client would: no element or attribute a hostile value
 * asked for may exist; the hostile text may only appear as text.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { describe, expect, it } from "vitest";
import type { RenderInput } from "../types";
import { DEFAULT_TEMPLATES } from "./defaults";
import { renderMessage } from "./index";

const HOSTILE = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '"><svg onload=alert(1)>',
  "<a href='javascript:alert(1)'>click</a>",
  "<iframe src=https://evil.example></iframe>",
  "<style>body{display:none}</style>",
].join(" ");

const HOSTILE_MARKDOWN = [
  HOSTILE,
  "[click me](javascript:alert(1))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[vb](vbscript:msgbox(1))",
  "[spaced]( JAVASCRIPT:alert(1))",
  "![pixel](https://tracker.example/p.gif)",
  "<https://fine.example/ok>",
].join("\n\n");

function hostileInput(): RenderInput {
  return {
    workspaceName: `Acme ${HOSTILE}`,
    incidentReference: "INC-1",
    incidentTitle: `{{unsubscribe_url}} Outage ${HOSTILE}`,
    segmentInWords: `plan = ${HOSTILE}`,
    update: {
      number: 1,
      status: "investigating",
      title: `Update ${HOSTILE}`,
      body: HOSTILE_MARKDOWN,
      sentAt: new Date("2026-12-04T10:00:00Z"),
    },
    recipient: {
      email: "victim@example.com",
      name: `Mallory ${HOSTILE}`,
      customerName: `Evil Corp ${HOSTILE}`,
      locale: "en",
    },
    template: {
      subject: `{{incident_title}} ${HOSTILE}`,
      intro: `Hi {{customer_name}} ${HOSTILE} {{segment}} {{workspace_name}}`,
      outro: `${HOSTILE} {{status}}`,
    },
    links: {
      notice: "https://app.example.com/notice/t",
      unsubscribe: "https://app.example.com/unsubscribe/u",
    },
  };
}

function elements(nodes: ChildNode[]): Element[] {
  return nodes.flatMap((n) =>
    n.type === "tag" || n.type === "script" || n.type === "style"
      ? [n as Element, ...elements((n as Element).children)]
      : "children" in n
        ? elements((n as Element).children)
        : [],
  );
}

describe("escaping in the email", () => {
  it("creates no element, attribute or link from hostile values in the HTML", async () => {
    const { html } = await renderMessage(hostileInput());
    const all = elements(parseDocument(html).children);
    const names = new Set(all.map((e) => e.name));
    for (const forbidden of ["script", "img", "svg", "iframe"])
      expect(names).not.toContain(forbidden);
    // The one <style> is the layout's own, in the head.
    expect(all.filter((e) => e.name === "style")).toHaveLength(1);
    for (const e of all) {
      for (const attribute of Object.keys(e.attribs)) expect(attribute).not.toMatch(/^on/i);
    }
    const hrefs = all.filter((e) => e.name === "a").map((e) => e.attribs.href);
    // Only http(s) links: the email's two, and the plain URLs of the body (linkified, the
    // image turned into a link to it, the URL inside the escaped <iframe> text).
    expect(hrefs.sort()).toEqual(
      [
        "https://app.example.com/notice/t",
        "https://app.example.com/unsubscribe/u",
        "https://evil.example",
        "https://fine.example/ok",
        "https://tracker.example/p.gif",
      ].sort(),
    );
    // The hostile text is there, as text a reader can see.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=");
  });

  it("substitutes variables into template text only, never inside a value", async () => {
    const email = await renderMessage(hostileInput());
    // The incident title names {{unsubscribe_url}}: it stays as written, not the link.
    expect(email.text).toContain("{{unsubscribe_url}}");
    expect(email.subject).toContain("{{unsubscribe_url}}");
  });

  it("keeps the plain-text part plain: hostile markup as visible text, no unsafe link offered", async () => {
    const { text } = await renderMessage(hostileInput());
    expect(text).toContain("<script>alert(1)</script>");
    // A refused link stays the Markdown its author wrote, never "text (url)" like a link.
    expect(text).toContain("[click me](javascript:alert(1))");
    expect(text).not.toMatch(/(click me|data|vb|spaced) \((javascript|data|vbscript):/i);
    expect(text).toContain("https://app.example.com/notice/t");
    expect(text).toContain("https://app.example.com/unsubscribe/u");
  });

  it("keeps the subject one line whatever the title and template hold", async () => {
    const input = hostileInput();
    input.incidentTitle = "a\r\nBcc: x@example.com";
    input.template = {
      ...DEFAULT_TEMPLATES.en.investigating,
      subject: "{{incident_title}}\n\nBody",
    };
    const { subject } = await renderMessage(input);
    expect(subject).toBe("a Bcc: x@example.com Body");
  });
});
