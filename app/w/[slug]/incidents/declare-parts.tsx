"use client";
/** What both ways of declaring an incident share: the severity field and the dialog's buttons. */
import { Button, Field, Select } from "@/app/_components/ui";
import type { IncidentSeverity } from "@/server/incidents/queries";
import { SEVERITIES, SEVERITY_LABEL } from "./badges";

export function SeverityField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: IncidentSeverity;
  onChange: (severity: IncidentSeverity) => void;
}) {
  return (
    <Field label="Severity" htmlFor={id}>
      <Select
        id={id}
        className="w-full"
        value={value}
        onChange={(e) => onChange(e.target.value as IncidentSeverity)}
      >
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s} — {SEVERITY_LABEL[s]}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** Cancel and "Declare incident", the latter submitting the form `form` of the dialog. */
export function DeclareFooter({
  form,
  onCancel,
  pending,
  disabled,
}: {
  form: string;
  onCancel: () => void;
  pending: boolean;
  disabled: boolean;
}) {
  return (
    <>
      <Button variant="secondary" type="button" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" form={form} loading={pending} disabled={disabled}>
        Declare incident
      </Button>
    </>
  );
}
