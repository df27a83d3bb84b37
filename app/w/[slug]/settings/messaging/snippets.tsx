"use client";
/** Copy-paste code for showing notices in the customer's own app: the widget and the hash. */
import { Check, Copy } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { ScrollBox } from "@/app/_components/scroll-box";
import { Button, Card } from "@/app/_components/ui";

const subscribe = () => () => {};

export function WidgetSnippets({ noticeKey }: { noticeKey: string }) {
  // The app's own origin, known only in the browser.
  const origin = useSyncExternalStore(
    subscribe,
    () => window.location.origin,
    () => "https://blastradius.example.com",
  );
  const widget = `<script src="${origin}/widget.js" async
  data-key="${noticeKey}"
  data-customer="<%= customer.id %>"
  data-hash="<%= customerHash %>"></script>`;
  const node = `import { createHmac } from "node:crypto";

// On your server, for the signed-in customer; never send the secret to the browser.
const customerHash = createHmac("sha256", process.env.BLASTRADIUS_NOTICE_SECRET)
  .update(customer.id) // the customer id you import into Blastradius
  .digest("hex");`;
  const curl = `curl "${origin}/api/v1/notices?customer=cus_123" \\
  -H "X-Blastradius-Key: ${noticeKey}" \\
  -H "X-Blastradius-Hash: <hex HMAC-SHA256 of cus_123>"`;
  return (
    <Card
      title="Show notices in your app"
      description="Add the widget to your app's pages: it shows the signed-in customer their active notices as a banner they can dismiss. The page's origin must be an allowed origin."
    >
      <div className="space-y-5">
        <Snippet label="1. Compute the customer's hash on your server (Node.js)" code={node} />
        <Snippet label="2. Add the widget to your pages" code={widget} />
        <Snippet label="Or read the notices yourself" code={curl} />
      </div>
    </Card>
  );
}

function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between gap-3">
        <span className="text-sm font-medium text-zinc-800">{label}</span>
        <CopyButton value={code} what={label} />
      </div>
      <ScrollBox
        as="pre"
        label={label}
        className="overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-[12.5px] leading-5 text-zinc-800"
      >
        {code}
      </ScrollBox>
    </div>
  );
}

function CopyButton({ value, what }: { value: string; what: string }) {
  const [state, setState] = useState<"idle" | "copied" | "blocked">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard blocked (insecure origin, permissions): the code is selectable below.
      setState("blocked");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <Button type="button" variant="secondary" size="sm" onClick={copy} aria-label={`Copy: ${what}`}>
      {state === "copied" ? (
        <Check className="size-3.5 text-emerald-600" />
      ) : (
        <Copy className="size-3.5" />
      )}
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "blocked" ? "Select and copy" : "Copy"}
      </span>
    </Button>
  );
}
