/** The frame of the signed-out pages: the mark, a card, and a line below it. */
import Link from "next/link";
import type { ReactNode } from "react";

export function AuthFrame({
  title,
  subtitle,
  children,
  footer,
  wide,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-zinc-50 px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2">
        <span
          aria-hidden
          className="grid size-8 place-items-center rounded-md bg-brand-500 text-sm font-bold text-white shadow-sm"
        >
          B
        </span>
        <span className="text-lg font-semibold tracking-tight text-zinc-900">Blastradius</span>
      </Link>
      <div className={wide ? "w-full max-w-lg" : "w-full max-w-sm"}>
        <div className="rounded-xl border border-zinc-200 bg-white px-6 py-7 shadow-sm sm:px-8">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">{title}</h1>
          {subtitle && <div className="mt-1 text-sm text-zinc-500">{subtitle}</div>}
          <div className="mt-6">{children}</div>
        </div>
        {footer && <div className="mt-5 text-center text-sm text-zinc-500">{footer}</div>}
      </div>
    </div>
  );
}
