"use client";
/**
 * What a new workspace's Incidents page says before any error has arrived: how to send the
 * first events (a curl example of POST /api/v1/events that works as pasted, once a key is
 * set), where the key comes from, and when an incident opens from them.
 */
import { Check, Copy, Send } from "lucide-react";
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore } from "react";
import { ScrollBox } from "@/app/_components/scroll-box";
import { Button } from "@/app/_components/ui";

/**
 * One event as docs/api.md describes it. The heredoc is unquoted so that the shell fills in
 * the current time: events older than the workspace's retention are refused.
 */
export function firstEventsCurl(origin: string, key = "$BLASTRADIUS_KEY"): string {
  return `curl -sS -X POST "${origin}/api/v1/events" \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  --data-binary @- <<EOF
{
  "events": [
    {
      "id": "evt_first_0001",
      "timestamp": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
      "service": "checkout",
      "error": { "type": "PaymentTimeout", "message": "Card payment timed out after 30 s" },
      "customer": {
        "id": "cus_1",
        "email": "ops@example.com",
        "attributes": { "plan": "pro", "region": "eu-west" }
      }
    }
  ]
}
EOF`;
}

/** The app's own origin, known only in the browser; the server render shows a variable. */
function useOrigin(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.origin,
    () => "$BLASTRADIUS_URL",
  );
}
const subscribe = () => () => {};

export function FirstEvents({ slug }: { slug: string }) {
  const curl = firstEventsCurl(useOrigin());
  return (
    <section
      className="mx-auto max-w-2xl space-y-4 px-6 py-10 text-sm text-zinc-600"
      data-testid="first-events"
    >
      <div className="flex flex-col items-center text-center">
        <Send className="mb-3 size-6 text-zinc-400" />
        <h3 className="text-sm font-semibold text-zinc-900">No incidents yet</h3>
        <p className="mt-1 max-w-md">
          Blastradius opens incidents from your services&apos; errors. Send them, with the customer
          each one hit, to <code className="text-zinc-800">POST /api/v1/events</code>.
        </p>
      </div>
      <ol className="list-decimal space-y-3 pl-5">
        <li>
          Create a key with the <code className="text-zinc-800">ingest</code> scope in{" "}
          <Link
            href={`/w/${slug}/settings/api-keys`}
            className="font-medium text-zinc-900 underline underline-offset-2"
          >
            Settings → API keys
          </Link>{" "}
          and put it in <code className="text-zinc-800">BLASTRADIUS_KEY</code>.
        </li>
        <li>
          Send an error event:
          <CodeBlock code={curl} />
        </li>
        <li>
          An incident opens by itself once an issue&apos;s errors cross the workspace&apos;s
          thresholds (by default 25 affected customers, or 100 events in a minute; see{" "}
          <Link
            href={`/w/${slug}/settings/general`}
            className="font-medium text-zinc-900 underline underline-offset-2"
          >
            Settings → General
          </Link>
          ). To open one sooner, declare it by hand and attach the issue.
        </li>
      </ol>
    </section>
  );
}

function CodeBlock({ code }: { code: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <div className="relative mt-2">
      <ScrollBox
        as="pre"
        label="Example request"
        className="overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 pr-20 text-xs leading-relaxed text-zinc-100"
      >
        {code}
      </ScrollBox>
      <Button
        size="sm"
        variant="secondary"
        className="absolute right-2 top-2"
        onClick={() =>
          navigator.clipboard.writeText(code).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />}
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
