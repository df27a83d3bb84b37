"use client";
/** The first rows as they are in the file, and what each column becomes in Blastradius. */
import { ScrollBox } from "@/app/_components/scroll-box";
import { Card, Input, Select, cx } from "@/app/_components/ui";
import {
  assignRole,
  COLUMN_ROLES,
  detectType,
  type AttributeType,
  type ColumnMapping,
  type ColumnRole,
} from "./mapping";

export function RowPreview({
  headers,
  records,
}: {
  headers: string[];
  records: Record<string, string>[];
}) {
  return (
    <ScrollBox
      className="overflow-x-auto"
      label="The file's first rows, scrolls sideways"
      data-testid="import-preview"
    >
      <table className="w-full text-left text-xs">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-500">
          <tr>
            <th className="px-3 py-2 font-medium">Row</th>
            {headers.map((h) => (
              <th key={h} className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {records.map((r, i) => (
            <tr key={i}>
              <td className="px-3 py-1.5 tabular-nums text-zinc-500">{i + 2}</td>
              {headers.map((h) => (
                <td
                  key={h}
                  className="max-w-48 truncate whitespace-nowrap px-3 py-1.5 text-zinc-800"
                >
                  {r[h] || <span className="text-zinc-500">—</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

const TYPES: { value: AttributeType; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "true / false" },
];

export function ColumnMapper({
  mapping,
  records,
  onChange,
}: {
  mapping: ColumnMapping[];
  records: Record<string, string>[];
  onChange: (mapping: ColumnMapping[]) => void;
}) {
  const update = (i: number, patch: Partial<ColumnMapping>) =>
    onChange(mapping.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Card
      title="Map columns"
      description="Say which column holds the external ID, the name and the contact. Every other column becomes an attribute (numbers and true/false detected), or skip it."
      padded={false}
    >
      {/* What a column becomes and, for an attribute, its name and type wrap in one cell, and
          the examples (in the preview above too) give way, so a phone needs no sideways scroll. */}
      <ScrollBox className="overflow-x-auto" label="Column mapping, scrolls sideways">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs text-zinc-500">
            <tr>
              <th className="px-4 py-2 font-medium">Column in file</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Examples</th>
              <th className="px-4 py-2 font-medium">Becomes (attribute name and type)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {mapping.map((m, i) => {
              const examples = [
                ...new Set(
                  records
                    .slice(0, 50)
                    .map((r) => r[m.header]?.trim())
                    .filter(Boolean),
                ),
              ].slice(0, 3);
              const detected = detectType(records.slice(0, 500).map((r) => r[m.header] ?? ""));
              return (
                // A skipped column is struck through rather than faded: faded text is unreadable.
                <tr key={m.header} className={m.role === "skip" ? "bg-zinc-50" : undefined}>
                  <td
                    className={cx(
                      "px-4 py-2 font-medium",
                      m.role === "skip" ? "text-zinc-600 line-through" : "text-zinc-900",
                    )}
                  >
                    {m.header}
                  </td>
                  <td className="hidden max-w-56 truncate px-4 py-2 text-xs text-zinc-500 sm:table-cell">
                    {examples.join(", ") || "—"}
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <Select
                        value={m.role}
                        onChange={(e) =>
                          onChange(assignRole(mapping, i, e.target.value as ColumnRole))
                        }
                        aria-label={`Column "${m.header}" becomes`}
                        data-testid={`import-column-${m.header}`}
                        className="h-8 w-40 text-xs"
                      >
                        {COLUMN_ROLES.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </Select>
                      {m.role === "attribute" && (
                        <div className="flex min-w-0 items-center gap-2">
                          <Input
                            value={m.key}
                            onChange={(e) => update(i, { key: e.target.value.trim() })}
                            aria-label={`Attribute name for "${m.header}"`}
                            className="h-8 min-w-0 max-w-44 font-mono text-xs"
                          />
                          <Select
                            value={m.type}
                            onChange={(e) => update(i, { type: e.target.value as AttributeType })}
                            aria-label={`Type of "${m.header}"`}
                            className="h-8 text-xs"
                          >
                            {TYPES.map((t) => (
                              <option key={t.value} value={t.value}>
                                {t.label}
                                {t.value === detected ? " (detected)" : ""}
                              </option>
                            ))}
                          </Select>
                        </div>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </Card>
  );
}
