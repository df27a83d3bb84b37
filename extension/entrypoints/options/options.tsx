/**
 * The options page: which server, connected as whom (GET /me), and where the content script
 * runs. Connecting asks for access to the server's host first (an optional host permission),
 * adding a help-desk page asks for that page's; both must happen in the click itself, since
 * the browser grants permissions only during a user gesture.
 */
import { useCallback, useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { Logo } from "../../components/ui";
import type { Connection, Settings } from "../../lib/messages";
import { send } from "../../lib/runtime";
import { ConnectionSection } from "./connection";
import { HelpDeskSection, IdPatternSection } from "./patterns";

const loadAll = () => Promise.all([send("connection/get", {}), send("settings/get", {})]);

export function Options() {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);

  const reload = useCallback(async () => {
    const [c, s] = await loadAll();
    setConnection(c);
    setSettings(s);
  }, []);

  useEffect(() => {
    const apply = ([c, s]: [Connection, Settings]) => {
      setConnection(c);
      setSettings(s);
    };
    void loadAll().then(apply);
    // connected.html finishes the dashboard hand-off in another tab: show the result here.
    const onChanged = (changes: Record<string, unknown>) => {
      if ("auth" in changes || "settings" in changes) void loadAll().then(apply);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  return (
    <div className="mx-auto max-w-2xl px-6 py-8">
      <header className="mb-6 flex items-center gap-2.5">
        <Logo className="size-7" />
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Blastradius for support</h1>
          <p className="text-sm text-zinc-500">
            Flags tickets from customers an active incident affects, with the approved words one
            click away.
          </p>
        </div>
      </header>
      {connection && settings ? (
        <div className="space-y-5">
          <ConnectionSection connection={connection} settings={settings} onChange={reload} />
          <HelpDeskSection settings={settings} onSaved={setSettings} />
          <IdPatternSection settings={settings} onSaved={setSettings} />
        </div>
      ) : (
        <p className="text-sm text-zinc-500" aria-busy="true">
          Loading…
        </p>
      )}
    </div>
  );
}
