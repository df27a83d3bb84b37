/**
 * connected.html: where the dashboard's hand-off lands
 * (`#token=<secret>&state=<state>&server=<origin>`). The token is taken out of the address at
 * once (so it stays in no history entry), handed to the background worker, which accepts it
 * only with the `state` the options page started; on success the worker closes this tab.
 */
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import { Button, Callout, Logo, Spinner } from "../../components/ui";
import type { Me } from "../../lib/contract";
import { send } from "../../lib/runtime";

const hash = new URLSearchParams(location.hash.slice(1));
history.replaceState(null, "", location.pathname);
// Sent once, outside React (whose development mode runs effects twice).
const finished = send("connection/finish", {
  token: hash.get("token") ?? "",
  state: hash.get("state") ?? "",
  server: hash.get("server") ?? "",
});

function Connected() {
  const [result, setResult] = useState<{ me: Me } | { error: string } | null>(null);
  useEffect(() => {
    finished.then(
      (r) => setResult(r.ok ? { me: r.data } : { error: r.error.message }),
      () => setResult({ error: "The extension did not answer. Reload it and connect again." }),
    );
  }, []);
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-zinc-200 bg-white p-6 shadow-xs">
      <div className="mb-4 flex items-center gap-2">
        <Logo className="size-6" />
        <h1 className="text-base font-semibold">Blastradius extension</h1>
      </div>
      {!result ? (
        <p className="flex items-center gap-2 text-sm text-zinc-600" aria-busy="true">
          <Spinner /> Connecting…
        </p>
      ) : "me" in result ? (
        <Callout tone="success">
          <span data-testid="connected-ok">
            Connected as {result.me.user.name} to {result.me.workspace.name}. You can close this
            tab.
          </span>
        </Callout>
      ) : (
        <div className="space-y-3">
          <Callout tone="error">
            <span data-testid="connected-error">{result.error}</span>
          </Callout>
          <Button variant="secondary" onClick={() => void send("options/open", {})}>
            Open settings
          </Button>
        </div>
      )}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Connected />
  </StrictMode>,
);
