"use client";
/** One customer: its attributes, its contacts, every incident that has hurt it, and every message it was sent. */
import { useQuery } from "@tanstack/react-query";
import { Flame, Mail } from "lucide-react";
import Link from "next/link";
import {
  Badge,
  Card,
  EmptyState,
  ErrorState,
  PageHeader,
  Skeleton,
  Stat,
} from "@/app/_components/ui";
import { formatAgo, formatDateTime, formatInt, plural } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { CustomerDetail as Detail } from "@/server/customers/get";
import { SeverityBadge, StatusBadge, incidentRef } from "../../incidents/badges";
import { filterParam, formatFilterValue } from "../filters";
import { MessagesCard } from "./messages-card";

export function CustomerDetail({ slug, id }: { slug: string; id: number }) {
  const trpc = useTRPC();
  const customer = useQuery(trpc.customers.get.queryOptions({ workspace: slug, id }));
  const back = (
    <Link href={`/w/${slug}/customers`} className="hover:text-zinc-800 hover:underline">
      Customers
    </Link>
  );

  if (customer.isPending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <Skeleton className="h-8 w-64" />
        <div className="grid grid-cols-3 gap-3">
          <Skeleton className="h-20" />
          <Skeleton className="h-20" />
          <Skeleton className="h-20" />
        </div>
        <Skeleton className="h-48" />
      </div>
    );
  }
  if (customer.isError) {
    const missing = customer.error.data?.code === "NOT_FOUND";
    return (
      <div>
        <PageHeader title={missing ? "Customer not found" : "Customer"} breadcrumb={back} />
        <Card>
          <ErrorState
            title={
              missing
                ? "This customer does not exist in this workspace"
                : "Could not load the customer"
            }
            message={
              missing
                ? "It may have been removed, or the link belongs to another workspace."
                : customer.error.message
            }
            onRetry={missing ? undefined : () => customer.refetch()}
          />
        </Card>
      </div>
    );
  }

  const c = customer.data;
  const open = c.incidents.filter((i) => i.status !== "resolved").length;
  return (
    <div>
      <PageHeader
        breadcrumb={back}
        title={<span data-testid="customer-title">{c.name ?? c.externalId}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span
              className="font-mono text-xs text-zinc-700"
              data-testid="customer-detail-external-id"
            >
              {c.externalId}
            </span>
            <span title={formatDateTime(c.createdAt)}>Added {formatAgo(c.createdAt)}</span>
            <span title={formatDateTime(c.updatedAt)}>Updated {formatAgo(c.updatedAt)}</span>
          </span>
        }
      />
      <div className="mb-6 grid gap-3 sm:grid-cols-3">
        <Stat
          label="Last seen"
          value={c.lastSeenAt ? formatAgo(c.lastSeenAt) : "Never"}
          hint={
            c.lastSeenAt
              ? formatDateTime(c.lastSeenAt)
              : "No error event has named this customer yet"
          }
        />
        <Stat
          label="Incidents"
          value={formatInt(c.incidents.length)}
          hint={
            open > 0 ? (
              <span className="text-red-600">{plural(open, "open incident")}</span>
            ) : (
              "None open"
            )
          }
        />
        <Stat
          label="Contacts"
          value={formatInt(c.contacts.length)}
          hint="Who hears about incidents"
        />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-2">
          <AttributesCard slug={slug} attributes={c.attributes} />
          <ContactsCard contacts={c.contacts} />
        </div>
        <div className="space-y-6 lg:col-span-3">
          <IncidentsCard slug={slug} incidents={c.incidents} />
          <MessagesCard slug={slug} customerId={c.id} />
        </div>
      </div>
    </div>
  );
}

function AttributesCard({ slug, attributes }: { slug: string; attributes: Detail["attributes"] }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card
      title="Attributes"
      description="Click a value to see every customer who shares it."
      padded={false}
    >
      {entries.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500">
          No attributes yet. Send them with PUT /api/v1/customers, a CSV import, or on error events.
        </p>
      ) : (
        <dl className="divide-y divide-zinc-100 text-sm" data-testid="customer-attributes">
          {entries.map(([key, value]) => (
            <div key={key} className="flex items-center justify-between gap-4 px-4 py-2">
              <dt className="font-mono text-xs text-zinc-500">{key}</dt>
              <dd className="min-w-0 truncate text-right">
                <Link
                  href={`/w/${slug}/customers?filter=${encodeURIComponent(filterParam({ key, value }))}`}
                  className="text-zinc-900 hover:underline"
                >
                  {formatFilterValue(value)}
                </Link>
                {typeof value !== "string" && (
                  <span className="ml-1.5 text-xs text-zinc-500">{typeof value}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

function ContactsCard({ contacts }: { contacts: Detail["contacts"] }) {
  return (
    <Card title="Contacts" padded={false}>
      {contacts.length === 0 ? (
        <EmptyState
          icon={<Mail className="size-5" />}
          title="No contacts"
          description="Without a contact this customer cannot be told about incidents. Add one with an email in the CSV import or the API."
        />
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm" data-testid="customer-contacts">
          {contacts.map((k) => (
            <li key={k.email} className="flex items-center justify-between gap-3 px-4 py-2.5">
              <div className="min-w-0">
                <div className="truncate font-medium text-zinc-900">{k.name ?? k.email}</div>
                {k.name && <div className="truncate text-xs text-zinc-500">{k.email}</div>}
              </div>
              {k.locale && <Badge>{k.locale}</Badge>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function IncidentsCard({ slug, incidents }: { slug: string; incidents: Detail["incidents"] }) {
  return (
    <Card
      title="Incidents"
      description="Every incident this customer was affected by, newest first."
      padded={false}
    >
      {incidents.length === 0 ? (
        <EmptyState
          icon={<Flame className="size-5" />}
          title="Not affected by any incident"
          description="When an incident's errors name this customer, or someone adds it by hand, the incident shows up here."
        />
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="customer-incidents">
          {incidents.map((i) => (
            <li key={i.id}>
              <Link
                href={`/w/${slug}/incidents/${i.number}`}
                className="block px-4 py-3 hover:bg-zinc-50"
              >
                <div className="flex items-center gap-2">
                  <span className="font-mono text-xs text-zinc-500">{incidentRef(i.number)}</span>
                  <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">
                    {i.title}
                  </span>
                  <SeverityBadge severity={i.severity} />
                  <StatusBadge status={i.status} />
                </div>
                <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500">
                  <span>
                    {i.source === "manual"
                      ? "Added by hand"
                      : `${plural(i.eventCount, "error event")}`}
                  </span>
                  {i.firstSeenAt && (
                    <span title={formatDateTime(i.firstSeenAt)}>
                      first {formatAgo(i.firstSeenAt)}
                    </span>
                  )}
                  {i.lastSeenAt && (
                    <span title={formatDateTime(i.lastSeenAt)}>last {formatAgo(i.lastSeenAt)}</span>
                  )}
                  <span title={formatDateTime(i.startedAt)}>
                    incident started {formatAgo(i.startedAt)}
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
