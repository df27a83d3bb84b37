/**
 * composeBatch renders each (update, language) group once and fills in the recipients; this
 * pins that every email it builds is byte for byte the one renderMessage gives for that
 * recipient alone — for plain names and for the ones it must render on their own.
 */
import { describe, expect, it } from "vitest";
import { composeBatch, composeEmail, type BatchMessage } from "./compose";
import { updateContent } from "./test-helpers";

const content = updateContent({
  templates: {
    en: {
      subject: "{{customer_name}}: {{incident_title}}",
      intro: "Hi {{customer_name}},\n\nSee {{notice_url}} or leave at {{unsubscribe_url}}.",
      outro: "Thanks, {{customer_name}}.",
    },
    de: updateContent().templates.de,
  },
});

function message(
  id: number,
  name: string | null,
  locale: string | null = null,
  email?: string,
): BatchMessage {
  return {
    id,
    workspaceId: "ws_compose",
    statusUpdateId: "00000000-0000-4000-8000-000000000001",
    customerId: 1000 + id,
    email: email ?? `person${id}@example.com`,
    name,
    locale,
    queuedAt: new Date("2026-12-04T10:00:00Z"),
    update: {
      number: 2,
      status: "identified",
      title: "Payments <fail>",
      body: "We found it: **the card gateway**.",
      sentAt: new Date("2026-12-04T10:00:00Z"),
      content,
    },
  };
}

describe("composeBatch", () => {
  it(
    "gives every recipient exactly the email rendered for them alone",
    { timeout: 60_000 },
    async () => {
      const batch = [
        message(1, "Ada Lovelace"),
        message(2, "José Müller"),
        message(3, "O'Brien & Sons"),
        message(4, "<img src=x onerror=alert(1)>"),
        message(5, null),
        message(6, "Two  spaces"),
        message(7, "Grace Hopper"),
        message(8, "x".repeat(140)),
        message(9, "Karl Weber", "de"),
        message(10, "Lena Vogel", "de-AT"),
        message(11, "Max Braun", "de"),
        message(12, "Eve {{status}}"),
        message(13, null),
        message(14, null),
        message(15, "Alan Turing", null, "alan+o'reilly@example.com"),
      ];
      const fast = await composeBatch(batch);
      const alone = await Promise.all(batch.map(composeEmail));
      expect(fast.map((e) => e.messageId)).toEqual(batch.map((m) => m.id));
      for (let i = 0; i < batch.length; i++)
        expect(fast[i], `message ${batch[i].id}`).toEqual(alone[i]);
      expect(fast[0].subject).toBe("Ada Lovelace: Checkout fails for EU customers");
      expect(fast[3].html).not.toContain("<img");
    },
  );
});
