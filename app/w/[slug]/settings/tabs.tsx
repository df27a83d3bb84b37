"use client";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function SettingsTabs({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/w/${slug}/settings`;
  const tabs = [
    { href: `${base}/general`, label: "General" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/api-keys`, label: "API keys" },
    { href: `${base}/extension`, label: "Extension" },
    { href: `${base}/messaging`, label: "Messaging" },
    { href: `${base}/templates`, label: "Templates" },
    { href: `${base}/suppressions`, label: "Suppressions" },
  ];
  return (
    // On a phone the tabs scroll within their own strip; the page itself never scrolls sideways.
    <nav
      className="-mx-4 flex gap-5 overflow-x-auto border-b border-zinc-200 px-4 sm:mx-0 sm:px-0"
      aria-label="Settings"
    >
      {tabs.map((tab) => {
        const active = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={clsx(
              "-mb-px shrink-0 whitespace-nowrap border-b-2 px-0.5 pb-2.5 text-sm transition-colors",
              active
                ? "border-zinc-900 font-medium text-zinc-900"
                : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
