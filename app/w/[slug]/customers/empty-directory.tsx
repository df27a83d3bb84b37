"use client";
/** The directory before the first customer: the two ways in, a CSV file or the REST API. */
import { FileSpreadsheet, Terminal, Users } from "lucide-react";
import Link from "next/link";
import { ScrollBox } from "@/app/_components/scroll-box";
import { ButtonLink } from "@/app/_components/ui";

export function curlExample(origin: string) {
  const body = {
    customers: [
      {
        id: "cus_1001",
        name: "Acme Inc",
        attributes: { plan: "enterprise", region: "eu-west-1", app_version: "4.2.0" },
        contacts: [{ email: "ops@acme.example", name: "Ada Lovelace", locale: "en-GB" }],
      },
    ],
  };
  return [
    `curl -X PUT ${origin}/api/v1/customers \\`,
    `  -H "Authorization: Bearer $BLASTRADIUS_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(body, null, 2)}'`,
  ].join("\n");
}

export function EmptyDirectory({ slug, canImport }: { slug: string; canImport: boolean }) {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="px-6 py-10" data-testid="customers-empty">
      <div className="mx-auto max-w-2xl text-center">
        <Users className="mx-auto mb-3 size-6 text-zinc-400" />
        <h3 className="text-sm font-semibold text-zinc-900">No customers yet</h3>
        <p className="mt-1 text-sm text-zinc-500">
          Blastradius works out which segment an incident hurts from your customers&apos; attributes
          (plan, region, app version…) and reaches them through their contacts. Add them in one of
          two ways; customers named in error events are added automatically too.
        </p>
      </div>
      <div className="mx-auto mt-6 grid max-w-3xl gap-4 md:grid-cols-2">
        <section className="rounded-lg border border-zinc-200 p-4">
          <h4 className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
            <FileSpreadsheet className="size-4 text-zinc-500" /> Import a CSV file
          </h4>
          <p className="mt-1 text-sm text-zinc-500">
            One row per customer (or per contact). Preview it, map the columns, see every bad row
            before anything is stored.
          </p>
          <div className="mt-3">
            {canImport ? (
              <ButtonLink href={`/w/${slug}/customers/import`}>Import CSV</ButtonLink>
            ) : (
              <p className="text-xs text-zinc-500">Importing needs the responder role or higher.</p>
            )}
          </div>
        </section>
        <section className="min-w-0 rounded-lg border border-zinc-200 p-4">
          <h4 className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
            <Terminal className="size-4 text-zinc-500" /> Send them from your system
          </h4>
          <p className="mt-1 text-sm text-zinc-500">
            <code className="text-xs">PUT /api/v1/customers</code> upserts up to 1,000 customers per
            request with an API key that has the <code className="text-xs">ingest</code> scope (
            <Link href={`/w/${slug}/settings/api-keys`} className="underline hover:text-zinc-800">
              create one
            </Link>
            ).
          </p>
        </section>
      </div>
      <ScrollBox
        as="pre"
        label="Example request"
        className="mx-auto mt-4 max-w-3xl overflow-x-auto rounded-lg bg-zinc-900 p-4 text-xs leading-relaxed text-zinc-100"
        data-testid="customers-curl-example"
      >
        {curlExample(origin)}
      </ScrollBox>
    </div>
  );
}
