import { describe, expect, it } from "vitest";
import { helpDeskFor, matchesAny } from "./helpdesks";
import { checkIdPattern, checkServerUrl, checkUrlPattern, originPermission } from "./patterns";

describe("which help desk a page is", () => {
  it.each([
    ["https://acme.zendesk.com/agent/tickets/1042", "zendesk", true],
    ["https://acme.zendesk.com/agent/dashboard", "zendesk", false],
    ["https://app.intercom.com/a/inbox/abc123/inbox/conversation/18273", "intercom", true],
    ["https://app.frontapp.com/open/cnv_8ab2f", "front", true],
    ["https://secure.helpscout.net/conversation/2211/88/", "helpscout", true],
    ["https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJGmTLZkWbcDcvJrVxqrFzSxl", "gmail", true],
    ["https://mail.google.com/mail/u/0/#inbox", "gmail", false],
    ["https://support.acme.com/tickets/77", "custom", true],
  ])("%s is %s (a ticket: %s)", (href, id, ticket) => {
    const url = new URL(href);
    const desk = helpDeskFor(url);
    expect(desk.id).toBe(id);
    expect(desk.isTicket(url)).toBe(ticket);
  });

  it("keeps one ticket key across a ticket's own sub-pages and changes it with the ticket", () => {
    const zendesk = helpDeskFor("https://acme.zendesk.com/agent/tickets/1042");
    const key = (href: string) => zendesk.ticketKey(new URL(href));
    expect(key("https://acme.zendesk.com/agent/tickets/1042/events")).toBe(
      key("https://acme.zendesk.com/agent/tickets/1042"),
    );
    expect(key("https://acme.zendesk.com/agent/tickets/1043")).not.toBe(
      key("https://acme.zendesk.com/agent/tickets/1042"),
    );
  });

  it("does not take a look-alike host for a help desk", () => {
    expect(helpDeskFor("https://zendesk.com.evil.example/agent/tickets/1").id).toBe("custom");
    expect(helpDeskFor("http://acme.zendesk.com/agent/tickets/1").id).toBe("custom");
  });
});

describe("custom URL patterns", () => {
  it("matches pages under the pattern, on any port when none is named", () => {
    expect(
      matchesAny(["https://support.acme.com/tickets/*"], "https://support.acme.com/tickets/9"),
    ).toBe(true);
    expect(
      matchesAny(["https://support.acme.com/tickets/*"], "https://support.acme.com/admin"),
    ).toBe(false);
    expect(matchesAny(["http://localhost/*"], "http://localhost:4321/zendesk.html")).toBe(true);
    expect(matchesAny(["not a pattern"], "https://support.acme.com/")).toBe(false);
  });

  it("accepts a help desk's address and refuses patterns for every site", () => {
    expect(checkUrlPattern(" https://support.acme.com/tickets/* ")).toEqual({
      ok: true,
      value: "https://support.acme.com/tickets/*",
    });
    expect(checkUrlPattern("https://*.acme.com/*").ok).toBe(true);
    expect(checkUrlPattern("<all_urls>").ok).toBe(false);
    expect(checkUrlPattern("*://*/*").ok).toBe(false);
    expect(checkUrlPattern("https://*/*").ok).toBe(false);
    expect(checkUrlPattern("support.acme.com").ok).toBe(false);
    expect(checkUrlPattern("ftp://files.acme.com/*").ok).toBe(false);
  });
});

describe("the server address", () => {
  it("keeps the origin and adds https:// when it was left out", () => {
    expect(checkServerUrl("blastradius.acme.com/w/acme")).toEqual({
      ok: true,
      value: "https://blastradius.acme.com",
    });
    expect(checkServerUrl("http://localhost:3000/")).toEqual({
      ok: true,
      value: "http://localhost:3000",
    });
  });

  it("refuses plain http beyond this machine, since the token would travel in the clear", () => {
    const checked = checkServerUrl("http://blastradius.acme.com");
    expect(checked.ok).toBe(false);
    expect(checkServerUrl("").ok).toBe(false);
    expect(checkServerUrl("https://user:pw@acme.com").ok).toBe(false);
  });

  it("asks for the host on every port", () => {
    expect(originPermission("http://localhost:3000")).toBe("http://localhost/*");
    expect(originPermission("https://br.acme.com")).toBe("https://br.acme.com/*");
  });
});

describe("customer id patterns", () => {
  it("accepts a regular expression and refuses broken or empty-matching ones", () => {
    expect(checkIdPattern("tenant-\\d{3}")).toEqual({ ok: true, value: "tenant-\\d{3}" });
    expect(checkIdPattern("tenant-(").ok).toBe(false);
    expect(checkIdPattern("\\d*").ok).toBe(false);
  });
});
