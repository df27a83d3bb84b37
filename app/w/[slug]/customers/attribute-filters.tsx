"use client";
/**
 * Attribute filter chips: each chip is one `key = value` the customers must all have; "Add
 * filter" picks a key, then one of its most common values (or any value typed in).
 */
import { ListFilter, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Badge, Button, Input, Select } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";
import type { AttributeKeys } from "@/server/customers/attributeKeys";
import { formatFilterValue, type AttributeFilter } from "./filters";

type KeyInfo = AttributeKeys["keys"][number];

export function AttributeFilters({
  keys,
  loading,
  filters,
  onChange,
}: {
  keys: KeyInfo[];
  loading: boolean;
  filters: AttributeFilter[];
  onChange: (filters: AttributeFilter[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="customer-filters">
      {filters.map((f, i) => (
        <Badge key={`${f.key}:${String(f.value)}`} tone="blue" className="py-1 pl-2 pr-1">
          <span data-testid="customer-filter-chip">
            {f.key} = {formatFilterValue(f.value)}
          </span>
          <button
            onClick={() => onChange(filters.filter((_, j) => j !== i))}
            className="rounded p-0.5 hover:bg-blue-100"
            aria-label={`Remove filter ${f.key} = ${formatFilterValue(f.value)}`}
          >
            <X className="size-3" />
          </button>
        </Badge>
      ))}
      <div className="relative" ref={box}>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          disabled={loading || keys.length === 0}
          title={keys.length === 0 && !loading ? "No customer has attributes yet" : undefined}
        >
          <ListFilter className="size-3.5" /> Add filter
        </Button>
        {open && (
          <FilterPicker
            keys={keys}
            onPick={(f) => {
              onChange([...filters.filter((o) => o.key !== f.key), f]);
              setOpen(false);
            }}
          />
        )}
      </div>
    </div>
  );
}

function FilterPicker({ keys, onPick }: { keys: KeyInfo[]; onPick: (f: AttributeFilter) => void }) {
  const [key, setKey] = useState(keys[0]?.key ?? "");
  const [typed, setTyped] = useState("");
  const info = keys.find((k) => k.key === key);

  function submitTyped(e: FormEvent) {
    e.preventDefault();
    const text = typed.trim();
    if (!info || !text) return;
    onPick({ key, value: typedValue(info, text) });
  }

  return (
    <div
      className="absolute left-0 top-full z-20 mt-1 w-72 rounded-md border border-zinc-200 bg-white p-3 shadow-lg"
      role="dialog"
      aria-label="Add attribute filter"
    >
      <label className="mb-1 block text-xs font-medium text-zinc-600" htmlFor="filter-key">
        Attribute
      </label>
      <Select
        id="filter-key"
        value={key}
        onChange={(e) => {
          setKey(e.target.value);
          setTyped("");
        }}
        className="w-full"
        data-testid="filter-key"
      >
        {keys.map((k) => (
          <option key={k.key} value={k.key}>
            {k.key}
          </option>
        ))}
      </Select>
      {info && (
        <>
          <div className="mb-1 mt-3 text-xs font-medium text-zinc-600">
            Most common values
            {info.distinctValues > info.values.length &&
              ` (top ${info.values.length} of ${formatInt(info.distinctValues)})`}
          </div>
          <ul
            className="max-h-56 overflow-y-auto rounded border border-zinc-100"
            data-testid="filter-values"
          >
            {info.values.map((v) => (
              <li key={String(v.value)}>
                <button
                  className="flex w-full items-center justify-between px-2 py-1.5 text-left text-sm hover:bg-zinc-50"
                  onClick={() => onPick({ key, value: v.value })}
                >
                  <span className="truncate">{formatFilterValue(v.value)}</span>
                  <span className="ml-2 shrink-0 text-xs tabular-nums text-zinc-500">
                    {formatInt(v.count)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={submitTyped} className="mt-2 flex gap-1.5">
            <Input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder="Another value…"
              aria-label={`Another value of ${key}`}
              className="h-8 text-xs"
            />
            <Button size="sm" type="submit" disabled={!typed.trim()}>
              Add
            </Button>
          </form>
        </>
      )}
    </div>
  );
}

/** A typed value takes the type of the attribute's known values: "5" is 5 for `seats`. */
function typedValue(info: KeyInfo, text: string): AttributeFilter["value"] {
  const types = new Set(info.values.map((v) => typeof v.value));
  if (types.size === 1 && types.has("number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (types.size === 1 && types.has("boolean") && /^(true|false)$/i.test(text)) {
    return text.toLowerCase() === "true";
  }
  return text;
}
