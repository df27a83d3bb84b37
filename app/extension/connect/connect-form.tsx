"use client";
/** Pick a workspace, name the browser, Connect: the tab goes back to the extension with a token. */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { Button, ButtonLink, Callout, Field, Input, Select } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { browserName } from "@/app/w/[slug]/settings/extension/browser-name";

export function ConnectForm({
  extensionId,
  state,
  workspaces,
}: {
  extensionId: string;
  state: string;
  workspaces: { slug: string; name: string; role: string }[];
}) {
  const trpc = useTRPC();
  const [workspace, setWorkspace] = useState(workspaces[0]?.slug ?? "");
  const [name, setName] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  // The default name is the browser's: known once the page runs in it, not on the server.
  const detected = useSyncExternalStore(
    noChanges,
    () => browserName(),
    () => "",
  );
  const shownName = name ?? detected;
  const connect = useMutation(
    trpc.extensionTokens.connect.mutationOptions({
      onSuccess: ({ redirectTo }) => {
        setLeaving(true);
        window.location.assign(redirectTo);
      },
    }),
  );

  if (workspaces.length === 0) {
    return (
      <div className="space-y-4">
        <Callout tone="info">
          You are not in a workspace yet. Create one or accept an invitation first.
        </Callout>
        <ButtonLink href="/onboarding">Create a workspace</ButtonLink>
      </div>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    connect.mutate({ workspace, name: shownName || browserName(), extensionId, state });
  }

  return (
    <form onSubmit={submit} className="space-y-5">
      <Field label="Workspace" htmlFor="connect-workspace">
        <Select
          id="connect-workspace"
          className="w-full"
          value={workspace}
          onChange={(e) => setWorkspace(e.target.value)}
        >
          {workspaces.map((w) => (
            <option key={w.slug} value={w.slug}>
              {w.name} — {w.role}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="This browser"
        htmlFor="connect-name"
        hint="The token's name in Settings → Extension, where you can revoke it."
      >
        <Input
          id="connect-name"
          maxLength={80}
          value={shownName}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      {connect.error && <Callout tone="error">{connect.error.message}</Callout>}
      {leaving && <Callout tone="success">Connected. Returning to the extension…</Callout>}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-100 pt-4">
        <Link href="/" className="text-sm text-zinc-500 hover:text-zinc-800">
          Cancel
        </Link>
        <Button type="submit" loading={connect.isPending || leaving} disabled={!workspace}>
          Connect
        </Button>
      </div>
    </form>
  );
}

/** The browser's name does not change while the page is open. */
const noChanges = () => () => {};
