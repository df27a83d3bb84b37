"use client";
/**
 * A box that scrolls when its content does not fit (a wide table on a phone, a long code line,
 * a long plain-text email): the caller gives its overflow class. While it does scroll, it takes
 * keyboard focus, so people without a mouse can scroll it with the arrow keys; while everything
 * fits, it is no extra Tab stop.
 */
import clsx from "clsx";
import { useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from "react";

export function ScrollBox({
  as: Tag = "div",
  label,
  className,
  children,
  ...props
}: {
  as?: "div" | "pre";
  /** With an overflow class: overflow-x-auto, overflow-auto. */
  /** What the box holds, said when it takes focus. */
  label?: string;
  className?: string;
  children: ReactNode;
} & HTMLAttributes<HTMLElement>) {
  const ref = useRef<HTMLDivElement & HTMLPreElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () =>
      setScrolls(box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    return () => observer.disconnect();
  }, [children]);
  return (
    <Tag
      ref={ref}
      className={clsx(
        "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500",
        className,
      )}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls && label ? "region" : undefined}
      aria-label={scrolls ? label : undefined}
      {...props}
    >
      {children}
    </Tag>
  );
}
