/**
 * Screenshots of the notice email as a customer sees it: rendered by renderMessage, opened in
 * Chromium at 600 px and at 390 px (a phone), with light and dark `prefers-color-scheme`.
 * Writes screenshots/email-<case>-<width>-<scheme>.png and the HTML next to them.
 *
 *   npx tsx server/messaging/render/screenshots.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { RenderInput } from "../types";
import { DEFAULT_TEMPLATES } from "./defaults";
import { renderMessage } from "./index";

const out = path.resolve(import.meta.dirname, "../../../screenshots");

const body = `We traced the failed payments to a configuration change rolled out to **eu-west** at 09:12 UTC. It made the payment service reject cards from app version 5.2.0.

What this means for you:

- Payments you tried between 09:12 and 10:40 UTC were **not charged**; you can safely try again.
- Orders already confirmed are not affected.

We rolled the change back at 10:40 UTC and are watching the error rate. Details: [our status page](https://status.example.com/incidents/12).`;

const cases: Record<string, RenderInput> = {
  en: {
    workspaceName: "Acme Cloud",
    incidentReference: "INC-12",
    incidentTitle: "Card payments fail in the EU checkout",
    segmentInWords: "app_version = 5.2.0 and region = eu-west",
    update: {
      number: 2,
      status: "identified",
      title: "We found the cause and rolled it back",
      body,
      sentAt: new Date("2026-12-04T10:45:00Z"),
    },
    recipient: {
      email: "ana.lopez@example.com",
      name: "Ana López",
      customerName: "Lopez Retail",
      locale: "en",
    },
    template: DEFAULT_TEMPLATES.en.identified,
    links: {
      notice: "https://blastradius.example.com/notice/eyJ3IjoiYWNtZSJ9.c2lnbmF0dXJl",
      unsubscribe: "https://blastradius.example.com/unsubscribe/eyJ3IjoiYWNtZSJ9.c2ln",
    },
  },
};
cases.de = {
  ...cases.en,
  update: {
    ...cases.en.update,
    status: "resolved",
    number: 3,
    title: "Zahlungen funktionieren wieder",
    body: "Seit 11:30 UTC laufen alle Zahlungen wieder normal. Fehlgeschlagene Versuche wurden **nicht belastet**.",
  },
  recipient: { ...cases.en.recipient, name: "Jonas Weber", locale: "de-DE" },
  template: DEFAULT_TEMPLATES.de.resolved,
};
cases.hostile = {
  ...cases.en,
  incidentTitle: `<img src=x onerror=alert(1)> Checkout <script>alert(1)</script> ${"verylongwordwithoutanyspaces".repeat(3)}`,
  update: {
    ...cases.en.update,
    status: "investigating",
    title: "<b>bold?</b>",
    body: "<script>alert(1)</script> [x](javascript:alert(1))",
  },
  recipient: { ...cases.en.recipient, name: "<svg onload=alert(1)>" },
  template: DEFAULT_TEMPLATES.en.investigating,
};

async function main() {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    for (const [name, input] of Object.entries(cases)) {
      const email = await renderMessage(input);
      writeFileSync(path.join(out, `email-${name}.html`), email.html);
      writeFileSync(
        path.join(out, `email-${name}.txt`),
        `Subject: ${email.subject}\n\n${email.text}`,
      );
      for (const width of [600, 390]) {
        for (const colorScheme of ["light", "dark"] as const) {
          const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme });
          // JavaScript stays on here, unlike in a mail client, so that a script that got through
          // would show itself: any dialog fails the run.
          page.on("dialog", (dialog) => {
            console.error(`A script ran in email-${name}: ${dialog.message()}`);
            process.exitCode = 1;
            void dialog.dismiss();
          });
          await page.setContent(email.html, { waitUntil: "load" });
          const file = path.join(out, `email-${name}-${width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          await page.close();
          console.log(file);
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
