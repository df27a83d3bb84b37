/** The options page's connection: connect (dashboard hand-off or pasted token), who, disconnect. */
import { useState, type FormEvent } from "react";
import { browser } from "wxt/browser";
import { Button, Callout, Field, Input, Section } from "../../components/ui";
import type { Connection, Settings } from "../../lib/messages";
import { checkServerUrl, originPermission } from "../../lib/patterns";
import { send } from "../../lib/runtime";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

export function ConnectionSection({
  connection,
  settings,
  onChange,
}: {
  connection: Connection;
  settings: Settings;
  onChange: () => Promise<void>;
}) {
  if (connection.state === "connected") {
    const { me } = connection;
    return (
      <Section title="Connected" testId="options-connected">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-zinc-500">Server</dt>
          <dd className="font-mono text-xs leading-5">{connection.server}</dd>
          <dt className="text-zinc-500">Signed in as</dt>
          <dd data-testid="options-user">
            {me.user.name} <span className="text-zinc-500">({me.user.email})</span>
          </dd>
          <dt className="text-zinc-500">Workspace</dt>
          <dd data-testid="options-workspace">
            {me.workspace.name} <span className="text-zinc-500">· {me.role}</span>
          </dd>
          <dt className="text-zinc-500">Token</dt>
          <dd>
            {me.token.name}{" "}
            <span className="text-zinc-500">
              · created {dateFormat.format(new Date(me.token.created_at))}
            </span>
          </dd>
        </dl>
        <div className="mt-4 flex items-center justify-between gap-4 border-t border-zinc-100 pt-4">
          <p className="text-xs text-zinc-500">
            Disconnecting forgets the token in this browser. To stop it working everywhere, revoke
            it in the dashboard under Settings → Extension.
          </p>
          <Button
            variant="danger"
            onClick={() => void send("connection/disconnect", {}).then(onChange)}
          >
            Disconnect
          </Button>
        </div>
      </Section>
    );
  }
  return (
    <ConnectForm
      reconnect={connection.state === "reconnect"}
      initialServer={connection.server ?? settings.server}
      onConnected={onChange}
    />
  );
}

function ConnectForm({
  reconnect,
  initialServer,
  onConnected,
}: {
  reconnect: boolean;
  initialServer: string | null;
  onConnected: () => Promise<void>;
}) {
  const [server, setServer] = useState(initialServer ?? "");
  const [token, setToken] = useState("");
  const [pasting, setPasting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);

  /** Checks the address and asks for its host, within the click (a user gesture). */
  async function serverWithAccess(): Promise<string | null> {
    const checked = checkServerUrl(server);
    if (!checked.ok) {
      setServerError(checked.error);
      return null;
    }
    setServerError(null);
    const granted = await browser.permissions.request({
      origins: [originPermission(checked.value)],
    });
    if (!granted) {
      setError(`Blastradius needs access to ${checked.value} to talk to your server.`);
      return null;
    }
    return checked.value;
  }

  async function connectThroughDashboard() {
    setError(null);
    const origin = await serverWithAccess();
    if (!origin) return;
    const started = await send("connection/start", { server: origin });
    if (!started.ok) return setError(started.error.message);
    setWaiting(true);
  }

  async function pasteToken(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const origin = await serverWithAccess();
    if (!origin) return;
    setBusy(true);
    const result = await send("connection/paste", { server: origin, token }).finally(() =>
      setBusy(false),
    );
    if (!result.ok) return setError(result.error.message);
    setToken("");
    await onConnected();
  }

  return (
    <Section
      title={reconnect ? "Reconnect" : "Connect to your server"}
      description="The extension calls your Blastradius server with a personal token that you can revoke at any time."
      testId="options-connect"
    >
      <div className="space-y-4">
        {reconnect && (
          <Callout tone="warning">
            <span data-testid="options-reconnect">
              The server no longer accepts this browser&apos;s token: it was revoked, or your
              membership changed. Connect again.
            </span>
          </Callout>
        )}
        <Field
          label="Server address"
          htmlFor="server"
          error={serverError}
          hint="The address you open the dashboard at."
        >
          <Input
            id="server"
            value={server}
            onChange={(e) => setServer(e.target.value)}
            onBlur={() => {
              const checked = checkServerUrl(server);
              setServerError(!server || checked.ok ? null : checked.error);
            }}
            placeholder="https://blastradius.acme.com"
            autoComplete="url"
            spellCheck={false}
          />
        </Field>
        {waiting ? (
          <Callout tone="info">
            Finish in the tab that opened: pick the workspace and press Connect. This page updates
            by itself.
          </Callout>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={connectThroughDashboard}>Connect through the dashboard</Button>
            {!pasting && (
              <button
                type="button"
                className="text-sm text-zinc-600 underline underline-offset-2 hover:text-zinc-900"
                onClick={() => setPasting(true)}
              >
                Paste a token instead
              </button>
            )}
          </div>
        )}
        {pasting && (
          <form onSubmit={pasteToken} className="space-y-3 border-t border-zinc-100 pt-4">
            <Field
              label="Extension token"
              htmlFor="token"
              hint="Create one in the dashboard under Settings → Extension. It starts with brx_."
            >
              <Input
                id="token"
                type="password"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                placeholder="brx_…"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Button type="submit" variant="secondary" loading={busy} disabled={!token.trim()}>
              Connect with this token
            </Button>
          </form>
        )}
        {error && <Callout tone="error">{error}</Callout>}
      </div>
    </Section>
  );
}
