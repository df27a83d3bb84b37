"use client";
/** A read-only value with a Copy button: invite links, API keys shown once. */
import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, cx } from "./ui";

export function CopyField({
  value,
  label = "Copy",
  ariaLabel = "Value to copy",
  mono = true,
  testId,
  className,
}: {
  value: string;
  label?: string;
  /** What the value is, for screen readers: "Invite link", "API key". */
  ariaLabel?: string;
  mono?: boolean;
  testId?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard blocked (insecure origin, permissions): select the text so Ctrl+C works.
      input.current?.select();
    }
  }

  return (
    <div className={cx("flex items-stretch gap-2", className)}>
      <input
        readOnly
        value={value}
        ref={input}
        data-testid={testId}
        onFocus={(e) => e.currentTarget.select()}
        aria-label={ariaLabel}
        className={cx(
          "h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none",
          mono && "font-mono text-[13px]",
        )}
      />
      <Button type="button" variant="secondary" onClick={copy} aria-live="polite">
        {copied ? <Check className="size-4 text-emerald-600" /> : <Copy className="size-4" />}
        {copied ? "Copied" : label}
      </Button>
    </div>
  );
}
