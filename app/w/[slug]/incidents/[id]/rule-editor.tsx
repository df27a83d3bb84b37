"use client";
/**
 * The segment rule editor: a name and an AND of conditions over customer attributes, with a
 * live preview of how many customers match (and a few of them) as the rule is typed. Saving
 * updates the saved segment — every incident using it follows — or creates a new one.
 * The form starts from `initial` when it mounts: render it only while editing.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Field, Input, Select, Spinner } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import type { Condition, ConditionOp, Rule } from "@/server/segments/rule";

const OPS: { op: ConditionOp; label: string }[] = [
  { op: "equals", label: "is" },
  { op: "one_of", label: "is one of" },
  { op: "not_one_of", label: "is not one of" },
  { op: "exists", label: "is set" },
  { op: "missing", label: "is missing" },
  { op: "between", label: "is between (number)" },
  { op: "version_between", label: "is between (version)" },
];

/** A condition as the form holds it: every field as typed text. */
interface Draft {
  key: number;
  attribute: string;
  op: ConditionOp;
  value: string;
  min: string;
  max: string;
}

let nextKey = 1;
function toDraft(c: Condition): Draft {
  const d: Draft = {
    key: nextKey++,
    attribute: c.attribute,
    op: c.op,
    value: "",
    min: "",
    max: "",
  };
  if (c.op === "equals") d.value = c.value;
  if (c.op === "one_of" || c.op === "not_one_of") d.value = c.values.join(", ");
  if (c.op === "between" || c.op === "version_between") {
    d.min = c.min === undefined ? "" : String(c.min);
    d.max = c.max === undefined ? "" : String(c.max);
  }
  return d;
}

/** What the server validates; it answers with the precise message for anything wrong. */
function toCondition(d: Draft): Condition {
  const attribute = d.attribute.trim();
  const bound = (s: string) => (s.trim() === "" ? undefined : s.trim());
  switch (d.op) {
    case "equals":
      return { attribute, op: d.op, value: d.value.trim() };
    case "one_of":
    case "not_one_of":
      return {
        attribute,
        op: d.op,
        values: d.value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      };
    case "exists":
    case "missing":
      return { attribute, op: d.op };
    case "between": {
      const num = (s: string) => (bound(s) === undefined ? undefined : Number(s));
      return { attribute, op: d.op, min: num(d.min), max: num(d.max) };
    }
    case "version_between":
      return { attribute, op: d.op, min: bound(d.min), max: bound(d.max) };
  }
}

export interface RuleEditorValue {
  name: string;
  rule: Rule;
}

export function RuleEditor({
  slug,
  open,
  onClose,
  title,
  initial,
  onSave,
  saving,
  error,
}: {
  slug: string;
  open: boolean;
  onClose: () => void;
  title: string;
  initial: { name: string; rule: Rule };
  onSave: (value: RuleEditorValue) => void;
  saving: boolean;
  error: string | null;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(initial.name);
  const [drafts, setDrafts] = useState<Draft[]>(() => initial.rule.conditions.map(toDraft));
  const keysListId = useId();

  const rule: Rule = { conditions: drafts.map(toCondition) };
  const debounced = useDebounced(JSON.stringify(rule), 300);
  const keys = useQuery({
    ...trpc.customers.attributeKeys.queryOptions({ workspace: slug }),
    enabled: open,
  });
  const preview = useQuery({
    ...trpc.segments.preview.queryOptions(
      { workspace: slug, rule: JSON.parse(debounced) as Rule },
      { placeholderData: keepPreviousData, retry: false },
    ),
    enabled: open && drafts.length > 0,
  });

  const update = (key: number, change: Partial<Draft>) =>
    setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...change } : d)));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      wide
      description="Customers who match every condition. Values compare as text; ranges include the lower bound and exclude the upper one."
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            onClick={() => onSave({ name: name.trim(), rule })}
            loading={saving}
            disabled={drafts.length === 0 || name.trim() === ""}
            data-testid="rule-save"
          >
            Save segment
          </Button>
        </>
      }
    >
      <div className="space-y-4" data-testid="rule-editor">
        <Field label="Segment name" htmlFor={`${keysListId}-name`}>
          <Input
            id={`${keysListId}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
          />
        </Field>
        <datalist id={keysListId}>
          {keys.data?.keys.map((k) => (
            <option key={k.key} value={k.key} />
          ))}
        </datalist>
        <ol className="space-y-2">
          {drafts.map((d, i) => (
            <li
              key={d.key}
              className="grid grid-cols-[2.5rem_10rem_11rem_1fr_2rem] items-center gap-2"
              data-testid="rule-condition"
            >
              <span className="text-right text-xs font-medium text-zinc-400">
                {i === 0 ? "where" : "and"}
              </span>
              <Input
                aria-label="Attribute"
                list={keysListId}
                value={d.attribute}
                onChange={(e) => update(d.key, { attribute: e.target.value })}
                className="font-mono text-xs"
              />
              <Select
                aria-label="Operator"
                value={d.op}
                onChange={(e) => update(d.key, { op: e.target.value as ConditionOp })}
              >
                {OPS.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </Select>
              <ConditionValue draft={d} onChange={(change) => update(d.key, change)} />
              <button
                className="rounded p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
                aria-label={`Remove condition ${i + 1}`}
                onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}
              >
                <Trash2 className="size-4" />
              </button>
            </li>
          ))}
        </ol>
        <Button
          variant="ghost"
          size="sm"
          onClick={() =>
            setDrafts((ds) => [
              ...ds,
              { key: nextKey++, attribute: "", op: "equals", value: "", min: "", max: "" },
            ])
          }
        >
          <Plus className="size-3.5" /> Add condition
        </Button>

        <Preview preview={preview} empty={drafts.length === 0} />
        {error && (
          <p
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            role="alert"
          >
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

function ConditionValue({
  draft: d,
  onChange,
}: {
  draft: Draft;
  onChange: (change: Partial<Draft>) => void;
}) {
  if (d.op === "exists" || d.op === "missing") return <span />;
  if (d.op === "between" || d.op === "version_between") {
    const placeholder =
      d.op === "between"
        ? ["min, e.g. 10", "max, e.g. 100"]
        : ["from, e.g. 5.2.0", "to, e.g. 5.4.0"];
    return (
      <span className="grid grid-cols-2 gap-2">
        <Input
          aria-label="From (included)"
          placeholder={placeholder[0]}
          value={d.min}
          onChange={(e) => onChange({ min: e.target.value })}
        />
        <Input
          aria-label="To (excluded)"
          placeholder={placeholder[1]}
          value={d.max}
          onChange={(e) => onChange({ max: e.target.value })}
        />
      </span>
    );
  }
  return (
    <Input
      aria-label="Value"
      placeholder={d.op === "equals" ? "value" : "values, separated by commas"}
      value={d.value}
      onChange={(e) => onChange({ value: e.target.value })}
    />
  );
}

function Preview({
  preview,
  empty,
}: {
  preview: {
    data?: {
      count: number;
      capped?: boolean;
      sample: { externalId: string; name: string | null }[];
    };
    isError: boolean;
    error: { message: string } | null;
    isFetching: boolean;
  };
  empty: boolean;
}) {
  if (empty) {
    return <p className="text-sm text-zinc-500">Add a condition to see who matches.</p>;
  }
  if (preview.isError) {
    return (
      <p className="text-sm text-amber-800" role="status" data-testid="rule-preview-error">
        {preview.error?.message}
      </p>
    );
  }
  const p = preview.data;
  return (
    <div className="rounded-md bg-zinc-50 px-3 py-2 text-sm" data-testid="rule-preview">
      <div className="flex items-center gap-2">
        <strong className="tabular-nums text-zinc-900" data-testid="rule-preview-count">
          {p ? `${p.capped ? "more than " : ""}${formatInt(p.count)}` : "…"}
        </strong>
        <span className="text-zinc-600">
          {(p?.count ?? 0) === 1 ? "customer matches" : "customers match"}
        </span>
        {preview.isFetching && <Spinner className="size-3.5" />}
      </div>
      {p && p.sample.length > 0 && (
        <p className="mt-1 truncate text-xs text-zinc-500">
          e.g. {p.sample.map((c) => c.name ?? c.externalId).join(", ")}
        </p>
      )}
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
