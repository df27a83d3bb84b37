"use client";
/**
 * The segment rule editor: a name and an AND of conditions over customer attributes, with a
 * live preview of how many customers match (and a few of them) as the rule is typed. Saving
 * updates the saved segment — every incident using it follows — or creates a new one.
 * The form starts from `initial` when it mounts: render it only while editing.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useId, useState, type ReactNode } from "react";
import { Dialog } from "@/app/_components/dialog";
import { Button, Field, Input, Select, Spinner, cx } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import { useTRPC } from "@/app/_lib/trpc";
import { SEGMENT_NAME_MAX } from "@/server/segments/predicates";
import type { ConditionOp, Rule } from "@/server/segments/rule";
import {
  draftErrors,
  emptyDraft,
  ruleIsValid,
  toCondition,
  toDraft,
  withoutPaths,
  type Draft,
  type DraftErrors,
  type DraftField,
} from "./rule-form";

/** The operator column is wide enough for the longest of these, "is between (version)". */
const OPS: { op: ConditionOp; label: string }[] = [
  { op: "equals", label: "is" },
  { op: "one_of", label: "is one of" },
  { op: "not_one_of", label: "is not one of" },
  { op: "exists", label: "is set" },
  { op: "missing", label: "is missing" },
  { op: "between", label: "is between (number)" },
  { op: "version_between", label: "is between (version)" },
];

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
  // A field's error shows once the user has left it, or tried to save: not while the form is
  // still empty because it has just opened.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [triedToSave, setTriedToSave] = useState(false);
  const keysListId = useId();

  const rule: Rule = { conditions: drafts.map(toCondition) };
  const valid = ruleIsValid(drafts);
  const nameError = name.trim() === "" ? "Give the segment a name." : null;
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
    enabled: open && valid,
  });

  const update = (key: number, change: Partial<Draft>) =>
    setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const touch = (id: string) => setTouched((t) => (t.has(id) ? t : new Set(t).add(id)));
  const mayShow = (id: string) => triedToSave || touched.has(id);
  const shownNameError = mayShow("name") ? nameError : null;
  const save = () => {
    setTriedToSave(true);
    if (valid && !nameError) onSave({ name: name.trim(), rule });
  };

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
            onClick={save}
            loading={saving}
            disabled={drafts.length === 0}
            data-testid="rule-save"
          >
            Save segment
          </Button>
        </>
      }
    >
      <div className="space-y-4" data-testid="rule-editor">
        <Field label="Segment name" htmlFor={`${keysListId}-name`} error={shownNameError}>
          <Input
            id={`${keysListId}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => touch("name")}
            aria-invalid={shownNameError ? true : undefined}
            maxLength={SEGMENT_NAME_MAX}
          />
        </Field>
        <datalist id={keysListId}>
          {keys.data?.keys.map((k) => (
            <option key={k.key} value={k.key} />
          ))}
        </datalist>
        <ol className="space-y-2">
          {drafts.map((d, i) => (
            <ConditionRow
              key={d.key}
              index={i}
              draft={d}
              keysListId={keysListId}
              errors={visibleErrors(d, (field) => mayShow(`${d.key}.${field}`))}
              onChange={(change) => update(d.key, change)}
              onTouch={(field) => touch(`${d.key}.${field}`)}
              onRemove={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}
            />
          ))}
        </ol>
        <Button variant="ghost" size="sm" onClick={() => setDrafts((ds) => [...ds, emptyDraft()])}>
          <Plus className="size-3.5" /> Add condition
        </Button>

        <Preview preview={preview} empty={drafts.length === 0} incomplete={!valid} />
        {error && (
          <p
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            role="alert"
          >
            {withoutPaths(error)}
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** A draft's errors, limited to the fields whose errors may show. */
function visibleErrors(d: Draft, mayShow: (field: DraftField) => boolean): DraftErrors {
  const all = draftErrors(d);
  const visible: DraftErrors = {};
  for (const field of Object.keys(all) as DraftField[]) {
    if (mayShow(field)) visible[field] = all[field];
  }
  return visible;
}

function ConditionRow({
  index,
  draft: d,
  keysListId,
  errors,
  onChange,
  onTouch,
  onRemove,
}: {
  index: number;
  draft: Draft;
  keysListId: string;
  errors: DraftErrors;
  onChange: (change: Partial<Draft>) => void;
  onTouch: (field: DraftField) => void;
  onRemove: () => void;
}) {
  const rowId = useId();
  return (
    <li
      className="grid grid-cols-[2.5rem_9rem_13rem_1fr_2rem] items-start gap-2"
      data-testid="rule-condition"
    >
      <span className="pt-2.5 text-right text-xs font-medium text-zinc-500">
        {index === 0 ? "where" : "and"}
      </span>
      <WithError id={`${rowId}-attribute`} error={errors.attribute}>
        <Input
          aria-label="Attribute"
          list={keysListId}
          value={d.attribute}
          onChange={(e) => onChange({ attribute: e.target.value })}
          onBlur={() => onTouch("attribute")}
          className={cx("font-mono text-xs", errors.attribute && "border-red-400")}
          {...invalidProps(`${rowId}-attribute`, errors.attribute)}
        />
      </WithError>
      <Select
        aria-label="Operator"
        className="w-full"
        value={d.op}
        onChange={(e) => onChange({ op: e.target.value as ConditionOp })}
      >
        {OPS.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </Select>
      <ConditionValue
        rowId={rowId}
        draft={d}
        errors={errors}
        onChange={onChange}
        onTouch={onTouch}
      />
      <button
        className="rounded p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700"
        aria-label={`Remove condition ${index + 1}`}
        onClick={onRemove}
      >
        <Trash2 className="size-4" />
      </button>
    </li>
  );
}

/** A field with its error in plain words right below it. */
function WithError({
  id,
  error,
  children,
}: {
  id: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <span className="block min-w-0">
      {children}
      {error && (
        <span id={id} className="mt-1 block text-xs leading-snug text-red-600" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

const invalidProps = (id: string, error: string | undefined) =>
  error ? { "aria-invalid": true as const, "aria-describedby": id } : {};

function ConditionValue({
  rowId,
  draft: d,
  errors,
  onChange,
  onTouch,
}: {
  rowId: string;
  draft: Draft;
  errors: DraftErrors;
  onChange: (change: Partial<Draft>) => void;
  onTouch: (field: DraftField) => void;
}) {
  if (d.op === "exists" || d.op === "missing") return <span />;
  if (d.op === "between" || d.op === "version_between") {
    const placeholder =
      d.op === "between" ? ["from, e.g. 10", "to, e.g. 100"] : ["from, e.g. 5.2", "to, e.g. 5.4"];
    return (
      <span className="grid grid-cols-2 gap-2">
        <WithError id={`${rowId}-min`} error={errors.min}>
          <Input
            aria-label="From (included)"
            placeholder={placeholder[0]}
            value={d.min}
            onChange={(e) => onChange({ min: e.target.value })}
            onBlur={() => onTouch("min")}
            className={cx(errors.min && "border-red-400")}
            {...invalidProps(`${rowId}-min`, errors.min)}
          />
        </WithError>
        <WithError id={`${rowId}-max`} error={errors.max}>
          <Input
            aria-label="To (excluded)"
            placeholder={placeholder[1]}
            value={d.max}
            onChange={(e) => onChange({ max: e.target.value })}
            onBlur={() => onTouch("max")}
            className={cx(errors.max && "border-red-400")}
            {...invalidProps(`${rowId}-max`, errors.max)}
          />
        </WithError>
      </span>
    );
  }
  return (
    <WithError id={`${rowId}-value`} error={errors.value}>
      <Input
        aria-label="Value"
        placeholder={d.op === "equals" ? "value" : "values, separated by commas"}
        value={d.value}
        onChange={(e) => onChange({ value: e.target.value })}
        onBlur={() => onTouch("value")}
        className={cx(errors.value && "border-red-400")}
        {...invalidProps(`${rowId}-value`, errors.value)}
      />
    </WithError>
  );
}

function Preview({
  preview,
  empty,
  incomplete,
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
  /** Some condition is not finished: nothing to preview yet. */
  incomplete: boolean;
}) {
  if (empty) {
    return <p className="text-sm text-zinc-500">Add a condition to see who matches.</p>;
  }
  if (incomplete) {
    return (
      <p className="text-sm text-zinc-500" data-testid="rule-preview-incomplete">
        Complete the conditions to see who matches.
      </p>
    );
  }
  if (preview.isError) {
    return (
      <p className="text-sm text-amber-800" role="status" data-testid="rule-preview-error">
        {withoutPaths(preview.error?.message ?? "")}
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
