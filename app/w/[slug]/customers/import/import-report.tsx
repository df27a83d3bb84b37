"use client";
/** Before the import: how many rows are ready and why the others are not. After: what happened. */
import { CheckCircle2, TriangleAlert } from "lucide-react";
import { Button, ButtonLink, Callout, Card, Stat } from "@/app/_components/ui";
import { formatInt, plural } from "@/app/_lib/format";
import type { RowError } from "./mapping";

/** How many row errors a page lists; the rest are counted. */
const SHOWN_ERRORS = 200;

export interface ImportTotals {
  created: number;
  updated: number;
  imported: number;
  failed: RowError[];
  /** The import stopped on this error (network, session); chunks before it are stored. */
  error?: string;
}

function ErrorList({ errors }: { errors: RowError[] }) {
  return (
    <div className="max-h-80 overflow-y-auto border-t border-zinc-100" data-testid="import-errors">
      <table className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-zinc-50 text-xs text-zinc-500">
          <tr>
            <th className="w-20 px-4 py-2 font-medium">Row</th>
            <th className="px-4 py-2 font-medium">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {errors.slice(0, SHOWN_ERRORS).map((e) => (
            <tr key={e.row} data-testid="import-error-row">
              <td className="px-4 py-1.5 tabular-nums text-zinc-500">{e.row}</td>
              <td className="px-4 py-1.5 text-red-700">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > SHOWN_ERRORS && (
        <p className="px-4 py-2 text-xs text-zinc-500">
          …and {plural(errors.length - SHOWN_ERRORS, "more row")} with errors.
        </p>
      )}
    </div>
  );
}

export function ValidationReport({
  total,
  valid,
  errors,
  onImport,
}: {
  total: number;
  valid: number;
  errors: RowError[];
  onImport: () => void;
}) {
  return (
    <Card
      title="Check"
      description="Every row checked with the same rules the server applies."
      padded={false}
      actions={
        <Button onClick={onImport} disabled={valid === 0} data-testid="import-submit">
          Import {plural(valid, "row")}
        </Button>
      }
    >
      <div className="space-y-3 p-4">
        <div className="flex flex-wrap gap-6 text-sm">
          <span className="flex items-center gap-1.5 text-emerald-700">
            <CheckCircle2 className="size-4" />
            <span data-testid="import-valid-count">{formatInt(valid)}</span> of{" "}
            {plural(total, "row")} ready
          </span>
          {errors.length > 0 && (
            <span className="flex items-center gap-1.5 text-red-700">
              <TriangleAlert className="size-4" />
              <span data-testid="import-error-count">{formatInt(errors.length)}</span> with errors
            </span>
          )}
        </div>
        {errors.length > 0 && (
          <Callout tone="warning">
            Rows with errors are skipped; the {plural(valid, "valid row")} will be imported. Fix the
            rows below in your file and import it again to add them — importing the same rows twice
            changes nothing.
          </Callout>
        )}
      </div>
      {errors.length > 0 && <ErrorList errors={errors} />}
    </Card>
  );
}

export function ImportSummary({
  slug,
  fileName,
  totals,
  stopped,
  onAnother,
}: {
  slug: string;
  fileName: string;
  totals: ImportTotals;
  stopped: boolean;
  onAnother: () => void;
}) {
  const unchanged = totals.imported - totals.created - totals.updated;
  return (
    <div className="space-y-4" data-testid="import-summary">
      {totals.error ? (
        <Callout tone="error">
          The import stopped: {totals.error}. The {plural(totals.imported, "row")} sent before that
          are stored; importing the file again is safe.
        </Callout>
      ) : stopped ? (
        <Callout tone="warning">
          Stopped by you after {plural(totals.imported, "row")}. Importing the file again is safe:
          rows already stored are left as they are.
        </Callout>
      ) : (
        <Callout tone="success">Imported {fileName}.</Callout>
      )}
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat
          label="Created"
          value={<span data-testid="import-created">{formatInt(totals.created)}</span>}
          hint="New customers"
        />
        <Stat
          label="Updated"
          value={<span data-testid="import-updated">{formatInt(totals.updated)}</span>}
          hint="Name, attributes or contacts changed"
        />
        <Stat
          label="Unchanged"
          value={formatInt(Math.max(0, unchanged))}
          hint="Already up to date (or repeated rows)"
        />
        <Stat
          label="Failed"
          value={
            <span
              data-testid="import-failed"
              className={totals.failed.length ? "text-red-700" : undefined}
            >
              {formatInt(totals.failed.length)}
            </span>
          }
          hint="Rows not imported"
        />
      </div>
      {totals.failed.length > 0 && (
        <Card
          title="Rows not imported"
          description="Row numbers as in your spreadsheet (the header is row 1)."
          padded={false}
        >
          <ErrorList errors={totals.failed} />
        </Card>
      )}
      <div className="flex gap-2">
        <ButtonLink href={`/w/${slug}/customers`}>View customers</ButtonLink>
        <Button variant="secondary" onClick={onAnother}>
          Import another file
        </Button>
      </div>
    </div>
  );
}
