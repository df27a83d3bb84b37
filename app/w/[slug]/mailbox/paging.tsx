"use client";
/**
 * Keyset paging as the mailbox, the suppression list and a customer's messages use it: a
 * stack of the cursors of the pages before the current one (for "Previous"), reset whenever
 * the list itself changes (a new search), and a small pager with the position in words.
 */
import { useEffect, useState } from "react";
import { Button } from "@/app/_components/ui";
import { formatInt } from "@/app/_lib/format";

export function useCursorPages(listKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({
    key: listKey,
    cursors: [null],
  });
  const cursors = state.key === listKey ? state.cursors : [null];
  return {
    cursor: cursors.at(-1) ?? null,
    index: cursors.length - 1,
    next: (cursor: string) => setState({ key: listKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ key: listKey, cursors: cursors.slice(0, -1) }),
  };
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function Pager({
  index,
  size,
  shown,
  total,
  nextCursor,
  onNext,
  onPrevious,
  noun,
}: {
  index: number;
  size: number;
  shown: number;
  /** Known on first pages only: kept by the caller while paging. */
  total: number | null;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  noun: string;
}) {
  if (index === 0 && !nextCursor) return null;
  const from = index * size + 1;
  const to = index * size + shown;
  return (
    <div className="flex items-center justify-between gap-2 border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">
      <span>
        {shown ? `${formatInt(from)}–${formatInt(to)}` : "None"}
        {total !== null ? ` of ${formatInt(total)} ${noun}` : ` ${noun}`}
      </span>
      <span className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={index === 0} onClick={onPrevious}>
          Previous
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={!nextCursor}
          onClick={() => nextCursor && onNext(nextCursor)}
        >
          Next
        </Button>
      </span>
    </div>
  );
}

/** The list's total as its first page told it, kept while paging through later pages. */
export function useKeptTotal(listKey: string, total: number | null | undefined): number | null {
  const [kept, setKept] = useState<{ key: string; total: number } | null>(null);
  // Adjusted while rendering (React's pattern for state derived from props), not in an effect.
  if (typeof total === "number" && (kept?.key !== listKey || kept.total !== total)) {
    setKept({ key: listKey, total });
  }
  if (typeof total === "number") return total;
  return kept?.key === listKey ? kept.total : null;
}
