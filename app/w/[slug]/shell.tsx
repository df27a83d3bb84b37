"use client";
/**
 * The signed-in frame: sidebar with workspace switcher and navigation, and the page.
 * From the `md` breakpoint the sidebar is always there; below it (phones, narrow windows) a
 * top bar holds a menu button and the sidebar opens as a drawer over the page, closing on
 * navigation, on Escape and on a tap outside it.
 */
import clsx from "clsx";
import {
  Flame,
  Users,
  Inbox,
  Settings,
  LogOut,
  ChevronsUpDown,
  Check,
  Plus,
  Menu,
  X,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";
import type { Role } from "@/server/auth/roles";

interface ShellProps {
  workspace: { id: string; slug: string; name: string };
  role: Role;
  user: { name: string; email: string };
  children: ReactNode;
}

export function Shell({ workspace, role, user, children }: ShellProps) {
  const pathname = usePathname();
  const base = `/w/${workspace.slug}`;
  const nav = [
    { href: `${base}/incidents`, label: "Incidents", icon: Flame },
    { href: `${base}/customers`, label: "Customers", icon: Users },
    { href: `${base}/mailbox`, label: "Mailbox", icon: Inbox },
    { href: `${base}/settings`, label: "Settings", icon: Settings },
  ];
  const [drawer, setDrawer] = useState(false);
  // Navigating (a link in the drawer, or back/forward) closes the drawer.
  const [drawerPath, setDrawerPath] = useState(pathname);
  if (drawerPath !== pathname) {
    setDrawerPath(pathname);
    setDrawer(false);
  }
  useEffect(() => {
    if (!drawer) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setDrawer(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [drawer]);
  return (
    <div className="min-h-screen md:flex">
      <header className="sticky top-0 z-30 flex items-center gap-3 border-b border-zinc-200 bg-white px-3 py-2 md:hidden">
        <button
          onClick={() => setDrawer(true)}
          className="rounded-md p-1.5 text-zinc-700 hover:bg-zinc-100"
          aria-label="Open navigation"
          aria-expanded={drawer}
          aria-controls="app-sidebar"
        >
          <Menu className="size-5" />
        </button>
        <Logo />
        <span className="min-w-0 truncate text-sm text-zinc-600">{workspace.name}</span>
      </header>
      {drawer && (
        <div
          className="fixed inset-0 z-40 bg-zinc-900/40 md:hidden"
          onClick={() => setDrawer(false)}
          aria-hidden="true"
        />
      )}
      <aside
        id="app-sidebar"
        className={clsx(
          "fixed inset-y-0 left-0 z-50 flex w-64 flex-col border-r border-zinc-200 bg-white shadow-xl transition-transform",
          "md:sticky md:top-0 md:z-auto md:h-screen md:w-56 md:shrink-0 md:translate-x-0 md:shadow-none",
          drawer ? "translate-x-0" : "invisible -translate-x-full md:visible",
        )}
      >
        <div className="flex items-center justify-between gap-2 px-4 pb-2 pt-4">
          <Logo />
          <button
            onClick={() => setDrawer(false)}
            className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 md:hidden"
            aria-label="Close navigation"
          >
            <X className="size-5" />
          </button>
        </div>
        <WorkspaceSwitcher current={workspace} role={role} />
        <nav className="mt-2 flex-1 space-y-0.5 px-2" aria-label="Main">
          {nav.map(({ href, label, icon: Icon }) => {
            const active = pathname === href || pathname.startsWith(`${href}/`);
            return (
              <Link
                key={href}
                href={href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "flex items-center gap-2 rounded-md px-2.5 py-2 text-sm md:py-1.5",
                  active
                    ? "bg-zinc-100 font-medium text-zinc-900"
                    : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900",
                )}
              >
                <Icon className="size-4" />
                {label}
              </Link>
            );
          })}
        </nav>
        <UserMenu user={user} />
      </aside>
      <main className="min-w-0 flex-1 px-4 py-5 sm:px-6 md:px-8 md:py-6">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}

function Logo() {
  return (
    <span className="flex items-center gap-2">
      <span className="grid size-6 place-items-center rounded bg-brand-500 text-xs font-bold text-white">
        B
      </span>
      <span className="text-sm font-semibold tracking-tight">Blastradius</span>
    </span>
  );
}

function WorkspaceSwitcher({ current, role }: { current: ShellProps["workspace"]; role: Role }) {
  const [open, setOpen] = useState(false);
  const trpc = useTRPC();
  const mine = useQuery({ ...trpc.workspace.mine.queryOptions(), enabled: open });
  return (
    <div className="relative px-2">
      <button
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between rounded-md border border-zinc-200 px-2.5 py-1.5 text-left hover:bg-zinc-50"
        aria-expanded={open}
      >
        {/* Named by what it shows, then what it does: a label must contain the visible words. */}
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium">{current.name}</span>
          <span className="block text-xs capitalize text-zinc-500">{role}</span>
          <span className="sr-only">Switch workspace</span>
        </span>
        <ChevronsUpDown className="size-4 text-zinc-400" />
      </button>
      {open && (
        <div className="absolute inset-x-2 top-full z-20 mt-1 rounded-md border border-zinc-200 bg-white py-1 shadow-lg">
          {mine.data?.map((w) => (
            <Link
              key={w.id}
              href={`/w/${w.slug}/incidents`}
              onClick={() => setOpen(false)}
              className="flex items-center justify-between px-3 py-1.5 text-sm hover:bg-zinc-50"
            >
              <span className="truncate">{w.name}</span>
              {w.slug === current.slug && <Check className="size-4 text-zinc-500" />}
            </Link>
          ))}
          {mine.isLoading && <div className="px-3 py-1.5 text-sm text-zinc-500">Loading…</div>}
          <Link
            href="/onboarding"
            className="flex items-center gap-1.5 border-t border-zinc-100 px-3 py-1.5 text-sm text-zinc-600 hover:bg-zinc-50"
          >
            <Plus className="size-4" /> New workspace
          </Link>
        </div>
      )}
    </div>
  );
}

function UserMenu({ user }: { user: ShellProps["user"] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    router.push("/sign-in");
    router.refresh();
  }
  return (
    <div className="flex items-center justify-between gap-2 border-t border-zinc-200 px-3 py-3">
      <div className="min-w-0">
        <div className="truncate text-sm font-medium">{user.name}</div>
        <div className="truncate text-xs text-zinc-500">{user.email}</div>
      </div>
      <button
        onClick={signOut}
        disabled={busy}
        className="rounded p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
        aria-label="Sign out"
        title="Sign out"
      >
        <LogOut className="size-4" />
      </button>
    </div>
  );
}
