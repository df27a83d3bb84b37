/** The options page's lists: the help-desk pages the content script runs on, and customer id patterns. */
import { X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { browser } from "wxt/browser";
import { Button, Callout, Input, Section } from "../../components/ui";
import { HELP_DESKS } from "../../lib/helpdesks";
import type { Settings } from "../../lib/messages";
import { checkIdPattern, checkUrlPattern } from "../../lib/patterns";
import { send } from "../../lib/runtime";

type Save = (s: Settings) => void;

async function save(settings: Settings, patch: Partial<Settings>): Promise<Settings | string> {
  const result = await send("settings/save", {
    urlPatterns: patch.urlPatterns ?? settings.urlPatterns,
    idPatterns: patch.idPatterns ?? settings.idPatterns,
  });
  return result.ok ? result.data : result.error.message;
}

export function HelpDeskSection({ settings, onSaved }: { settings: Settings; onSaved: Save }) {
  const [error, setError] = useState<string | null>(null);

  async function add(value: string) {
    const checked = checkUrlPattern(value);
    if (!checked.ok) return checked.error;
    // In the click itself: the browser asks the agent for access to these pages.
    const granted = await browser.permissions.request({ origins: [checked.value] });
    if (!granted) return "Blastradius needs access to these pages to read their tickets.";
    const saved = await save(settings, { urlPatterns: [...settings.urlPatterns, checked.value] });
    if (typeof saved === "string") return saved;
    onSaved(saved);
    return null;
  }

  async function remove(pattern: string) {
    const saved = await save(settings, {
      urlPatterns: settings.urlPatterns.filter((p) => p !== pattern),
    });
    if (typeof saved === "string") return setError(saved);
    await browser.permissions.remove({ origins: [pattern] }).catch(() => undefined);
    onSaved(saved);
  }

  return (
    <Section
      title="Help desks"
      description="Ticket pages where the extension looks for the customer. It reads only these pages."
      testId="options-helpdesks"
    >
      <ul className="mb-3 grid grid-cols-[7rem_1fr] gap-x-4 gap-y-1.5 text-sm">
        {HELP_DESKS.map((desk) => (
          <li key={desk.id} className="contents">
            <span className="text-zinc-700">{desk.name}</span>
            <span className="font-mono text-xs leading-5 text-zinc-500">
              {desk.matches.join(", ")}
            </span>
          </li>
        ))}
      </ul>
      <PatternList patterns={settings.urlPatterns} onRemove={remove} label="help-desk pattern" />
      <AddForm
        placeholder="https://support.acme.com/tickets/*"
        button="Add pages"
        hint="Your own help desk, as a URL pattern. The browser asks you to allow it."
        onAdd={add}
      />
      {error && <Callout tone="error">{error}</Callout>}
    </Section>
  );
}

export function IdPatternSection({ settings, onSaved }: { settings: Settings; onSaved: Save }) {
  async function add(value: string) {
    const checked = checkIdPattern(value);
    if (!checked.ok) return checked.error;
    const saved = await save(settings, { idPatterns: [...settings.idPatterns, checked.value] });
    if (typeof saved === "string") return saved;
    onSaved(saved);
    return null;
  }
  async function remove(pattern: string) {
    const saved = await save(settings, {
      idPatterns: settings.idPatterns.filter((p) => p !== pattern),
    });
    if (typeof saved !== "string") onSaved(saved);
  }
  return (
    <Section
      title="Customer ids"
      description="Besides email addresses, the extension looks for your customer ids (customer.external_id) in the ticket's requester area."
      testId="options-idpatterns"
    >
      <PatternList patterns={settings.idPatterns} onRemove={remove} label="id pattern" />
      <AddForm
        placeholder="tenant-\d{3}"
        button="Add pattern"
        hint="A regular expression, e.g. cus_[A-Za-z0-9]{12}. With a group in parentheses, the group is the id."
        onAdd={add}
      />
    </Section>
  );
}

function PatternList({
  patterns,
  onRemove,
  label,
}: {
  patterns: string[];
  onRemove: (p: string) => void;
  label: string;
}) {
  if (patterns.length === 0) return null;
  return (
    <ul className="mb-3 divide-y divide-zinc-100 rounded-md border border-zinc-200">
      {patterns.map((p) => (
        <li key={p} className="flex items-center justify-between gap-2 px-3 py-1.5">
          <code className="truncate text-xs">{p}</code>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onRemove(p)}
            aria-label={`Remove ${label} ${p}`}
          >
            <X className="size-3.5" aria-hidden />
          </Button>
        </li>
      ))}
    </ul>
  );
}

function AddForm({
  placeholder,
  button,
  hint,
  onAdd,
}: {
  placeholder: string;
  button: string;
  hint: string;
  onAdd: (value: string) => Promise<string | null>;
}) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const failed = await onAdd(value).finally(() => setBusy(false));
    setError(failed);
    if (!failed) setValue("");
  }
  return (
    <form onSubmit={submit} className="space-y-1.5">
      <div className="flex gap-2">
        <Input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          className="font-mono text-xs"
          aria-label={button}
        />
        <Button type="submit" variant="secondary" loading={busy} disabled={!value.trim()}>
          {button}
        </Button>
      </div>
      {error ? (
        <p className="text-xs text-red-600" role="alert">
          {error}
        </p>
      ) : (
        <p className="text-xs text-zinc-500">{hint}</p>
      )}
    </form>
  );
}
