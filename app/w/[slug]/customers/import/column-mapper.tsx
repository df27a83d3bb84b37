"use client";
/** The first rows as they are in the file, and what each column becomes in Blastradius. */
import { Card, Input, Select } from "@/app/_components/ui";
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
    <div className="overflow-x-auto" data-testid="import-preview">
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
              <td className="px-3 py-1.5 tabular-nums text-zinc-400">{i + 2}</td>
              {headers.map((h) => (
                <td
                  key={h}
                  className="max-w-48 truncate whitespace-nowrap px-3 py-1.5 text-zinc-800"
                >
                  {r[h] || <span className="text-zinc-300">—</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs text-zinc-500">
          <tr>
            <th className="px-4 py-2 font-medium">Column in file</th>
            <th className="px-4 py-2 font-medium">Examples</th>
            <th className="px-4 py-2 font-medium">Becomes</th>
            <th className="px-4 py-2 font-medium">Attribute name and type</th>
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
              <tr key={m.header} className={m.role === "skip" ? "opacity-50" : undefined}>
                <td className="px-4 py-2 font-medium text-zinc-900">{m.header}</td>
                <td className="max-w-56 truncate px-4 py-2 text-xs text-zinc-500">
                  {examples.join(", ") || "—"}
                </td>
                <td className="px-4 py-2">
                  <Select
                    value={m.role}
                    onChange={(e) => onChange(assignRole(mapping, i, e.target.value as ColumnRole))}
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
                </td>
                <td className="px-4 py-2">
                  {m.role === "attribute" && (
                    <div className="flex items-center gap-2">
                      <Input
                        value={m.key}
                        onChange={(e) => update(i, { key: e.target.value.trim() })}
                        aria-label={`Attribute name for "${m.header}"`}
                        className="h-8 w-44 font-mono text-xs"
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
