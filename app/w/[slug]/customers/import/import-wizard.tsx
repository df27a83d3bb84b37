"use client";
/**
 * CSV import, in the browser: choose a file (parsed here with Papa Parse; nothing is sent
 * yet) → map columns, with a preview and every invalid row listed → import the valid rows in
 * chunks of 1,000 with progress → a summary with created / updated / failed row numbers.
 * Rows with errors are skipped and the valid ones stored, which is what someone fixing a
 * spreadsheet expects (the REST API, by contrast, rejects a bad batch whole).
 */
import { useQueryClient } from "@tanstack/react-query";
import { Download, FileUp } from "lucide-react";
import Papa from "papaparse";
import { useMemo, useRef, useState, type DragEvent } from "react";
import { Badge, Button, Callout, Card, cx } from "@/app/_components/ui";
import { formatInt, plural } from "@/app/_lib/format";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { ColumnMapper, RowPreview } from "./column-mapper";
import { ImportSummary, ValidationReport, type ImportTotals } from "./import-report";
import {
  initialMapping,
  mappingProblems,
  sampleCsv,
  validateRecords,
  type ColumnMapping,
  type RowError,
} from "./mapping";

const CHUNK = 1000;

interface ParsedFile {
  name: string;
  headers: string[];
  records: Record<string, string>[];
  /** Rows whose number of fields differs from the header's. */
  ragged: number;
}

type Stage =
  | { kind: "choose"; error?: string }
  | { kind: "map"; file: ParsedFile }
  | { kind: "importing"; file: ParsedFile; done: number; total: number }
  | { kind: "done"; file: ParsedFile; totals: ImportTotals; stopped: boolean };

export function ImportWizard({ slug }: { slug: string }) {
  const [stage, setStage] = useState<Stage>({ kind: "choose" });
  const [mapping, setMapping] = useState<ColumnMapping[]>([]);
  const stop = useRef(false);
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  const file = stage.kind === "choose" ? null : stage.file;
  const problems = useMemo(() => mappingProblems(mapping), [mapping]);
  const checked = useMemo(
    () =>
      file && stage.kind === "map" && problems.length === 0
        ? validateRecords(file.records, mapping)
        : null,
    [file, stage.kind, mapping, problems],
  );

  function choose(f: File) {
    Papa.parse<Record<string, string>>(f, {
      header: true,
      skipEmptyLines: "greedy",
      transformHeader: (h) => h.trim(),
      complete: (out) => {
        const headers = (out.meta.fields ?? []).filter((h) => h !== "");
        if (headers.length === 0 || out.data.length === 0) {
          setStage({ kind: "choose", error: `${f.name} has no rows under a header line.` });
          return;
        }
        const ragged = new Set(
          out.errors.filter((e) => e.type === "FieldMismatch").map((e) => e.row),
        ).size;
        setMapping(initialMapping(headers, out.data.slice(0, 500)));
        setStage({ kind: "map", file: { name: f.name, headers, records: out.data, ragged } });
      },
      error: (err) =>
        setStage({ kind: "choose", error: `Could not read ${f.name}: ${err.message}` }),
    });
  }

  async function runImport(
    file: ParsedFile,
    valid: { row: number; customer: unknown }[],
    skipped: RowError[],
  ) {
    stop.current = false;
    const totals: ImportTotals = { created: 0, updated: 0, imported: 0, failed: [...skipped] };
    setStage({ kind: "importing", file, done: 0, total: valid.length });
    let stopped = false;
    try {
      for (let i = 0; i < valid.length; i += CHUNK) {
        if (stop.current) {
          stopped = true;
          break;
        }
        const chunk = valid.slice(i, i + CHUNK);
        const res = await client.customers.import.mutate({ workspace: slug, rows: chunk });
        totals.created += res.created;
        totals.updated += res.updated;
        totals.imported += res.imported;
        totals.failed.push(...res.failed);
        setStage({ kind: "importing", file, done: i + chunk.length, total: valid.length });
      }
    } catch (err) {
      totals.error = (err as Error).message;
    }
    totals.failed.sort((a, b) => a.row - b.row);
    await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
    setStage({ kind: "done", file, totals, stopped });
  }

  if (stage.kind === "choose") return <ChooseFile error={stage.error} onFile={choose} />;

  if (stage.kind === "importing") {
    const pct = stage.total ? Math.round((stage.done / stage.total) * 100) : 100;
    return (
      <Card title={`Importing ${stage.file.name}`}>
        <div
          role="progressbar"
          aria-valuenow={stage.done}
          aria-valuemin={0}
          aria-valuemax={stage.total}
          aria-label="Import progress"
          data-testid="import-progress"
          className="h-2 overflow-hidden rounded-full bg-zinc-100"
        >
          <div className="h-full bg-brand-500 transition-all" style={{ width: `${pct}%` }} />
        </div>
        <div className="mt-2 flex items-center justify-between text-sm text-zinc-600">
          <span className="tabular-nums">
            {formatInt(stage.done)} of {plural(stage.total, "row")} sent ({pct}%)
          </span>
          <Button variant="secondary" size="sm" onClick={() => (stop.current = true)}>
            Stop after this chunk
          </Button>
        </div>
      </Card>
    );
  }

  if (stage.kind === "done") {
    return (
      <ImportSummary
        slug={slug}
        fileName={stage.file.name}
        totals={stage.totals}
        stopped={stage.stopped}
        onAnother={() => setStage({ kind: "choose" })}
      />
    );
  }

  const f = stage.file;
  return (
    <div className="space-y-6">
      <Card
        title={f.name}
        description={`${plural(f.records.length, "row")} and ${plural(f.headers.length, "column")}. Nothing is stored until you import.`}
        actions={
          <Button variant="ghost" size="sm" onClick={() => setStage({ kind: "choose" })}>
            Choose another file
          </Button>
        }
        padded={false}
      >
        {f.ragged > 0 && (
          <div className="px-4 pt-3">
            <Callout tone="warning">
              {plural(f.ragged, "row")} {f.ragged === 1 ? "has" : "have"} a different number of
              fields than the header; check the preview and the errors below.
            </Callout>
          </div>
        )}
        <RowPreview headers={f.headers} records={f.records.slice(0, 5)} />
      </Card>
      <ColumnMapper mapping={mapping} records={f.records} onChange={setMapping} />
      {problems.length > 0 ? (
        <Callout tone="error">
          <ul className="list-inside list-disc" data-testid="import-mapping-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Callout>
      ) : (
        checked && (
          <ValidationReport
            total={f.records.length}
            valid={checked.valid.length}
            errors={checked.errors}
            onImport={() => runImport(f, checked.valid, checked.errors)}
          />
        )
      )}
    </div>
  );
}

function ChooseFile({ error, onFile }: { error?: string; onFile: (f: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) onFile(f);
  };
  const sampleHref = useMemo(
    () => `data:text/csv;charset=utf-8,${encodeURIComponent(sampleCsv())}`,
    [],
  );
  return (
    <div className="space-y-4">
      {error && <Callout tone="error">{error}</Callout>}
      <label
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        className={cx(
          "flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed bg-white px-6 py-14 text-center",
          over ? "border-brand-500 bg-brand-50" : "border-zinc-300 hover:border-zinc-400",
        )}
      >
        <FileUp className="mb-3 size-7 text-zinc-400" />
        <span className="text-sm font-medium text-zinc-900">Choose a CSV file or drop it here</span>
        <span className="mt-1 text-xs text-zinc-500">
          A header row, then one row per customer. The file is read in your browser; you map its
          columns next.
        </span>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file"
          data-testid="import-file"
          className="sr-only"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) onFile(f);
            e.target.value = "";
          }}
        />
      </label>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm">
          <div className="flex items-center gap-2">
            <Download className="size-4 text-zinc-400" />
            <a
              href={sampleHref}
              download="blastradius-example-customers.csv"
              className="font-medium text-zinc-900 underline"
              data-testid="import-sample-link"
            >
              Download an example CSV
            </a>
            <Badge tone="amber">example data</Badge>
          </div>
          <p className="mt-1.5 text-zinc-500">
            Four made-up customers, one of them with two contacts on two rows: a template showing
            the columns the import understands.
          </p>
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-600">
          <div className="font-medium text-zinc-900">Columns recognised by their header</div>
          <ul className="mt-1.5 space-y-0.5 text-xs">
            <li>
              <code>id</code>, <code>customer_id</code>, <code>external_id</code> → External ID
            </li>
            <li>
              <code>name</code>, <code>company</code> → Name
            </li>
            <li>
              <code>email</code>, <code>contact_name</code>, <code>locale</code> → the contact
            </li>
            <li>anything else → an attribute (plan, region, seats…), or skip it</li>
          </ul>
        </div>
      </div>
    </div>
  );
}
