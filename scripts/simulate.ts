/**
 * `npm run simulate -- --url <url> --key <key> [--rate 50] [--minutes 10]`
 *
 * Streams a new incident into a running Blastradius over its public API only
 * (POST /api/v1/events, one batch a second), so you can watch an incident open live:
 * after 15 quiet seconds, "TimeoutError: upstream shard-7 did not answer" on the search
 * service spreads over two minutes to ~45% of the customers on cluster us-east-1c, over a
 * trickle of background noise.
 *
 * There is no API to list a workspace's customers, and none is needed: the demo's
 * customers come from a seeded generator (db/seed/generate.ts), so this script derives the
 * very same customers — external ids and attributes — from the same seed. Each event also
 * carries the customer's name and attributes, so a workspace that was not seeded by the
 * demo gets those customers created (with attributes) as the events arrive.
 */
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { DEMO_CUSTOMER_COUNT, DEMO_SEED, generateCustomers } from "@/db/seed/generate";
import { SIMULATED_INCIDENT, createSimulation, simulationTick } from "@/db/seed/simulation";

const USAGE = `Usage: npm run simulate -- --url <url> --key <key> [--rate <events/s>] [--minutes <n>]

  --url      Base URL of a running Blastradius, e.g. http://localhost:3000
  --key      An API key with the ingest scope (npm run demo prints one)
  --rate     Events per second at full blast, 1-1000 (default 50)
  --minutes  Stop after this many minutes, 0.1-120 (default 10); Ctrl-C stops sooner`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" },
        key: { type: "string" },
        rate: { type: "string", default: "50" },
        minutes: { type: "string", default: "10" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.url) fail("Missing --url.");
  if (!values.key) fail("Missing --key.");
  let base: URL;
  try {
    base = new URL(values.url);
  } catch {
    fail(`--url must be an http(s) URL, got "${values.url}".`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    fail(`--url must be an http(s) URL, got "${values.url}".`);
  }
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate < 1 || rate > 1000) {
    fail(`--rate must be a number from 1 to 1000, got "${values.rate}".`);
  }
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes < 0.1 || minutes > 120) {
    fail(`--minutes must be a number from 0.1 to 120, got "${values.minutes}".`);
  }
  return { endpoint: new URL("/api/v1/events", base).toString(), key: values.key, rate, minutes };
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

/**
 * Posts one batch. `fatal`: retrying cannot help (the key is refused, or the URL is not a
 * Blastradius). `unreachable`: no answer at all (wrong host or port, or the app is down).
 */
async function post(endpoint: string, key: string, events: unknown[]) {
  const answer = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    note: "",
    fatal: false,
    unreachable: false,
  };
  try {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 202) {
      const body = (await res.json()) as IngestAnswer;
      answer.accepted = body.accepted;
      answer.duplicates = body.duplicates;
      answer.rejected = body.rejected.length;
      if (body.rejected.length) answer.note = `first rejection: ${body.rejected[0].error}`;
      return answer;
    }
    answer.rejected = events.length;
    answer.note = `HTTP ${res.status} from ${endpoint}: ${(await res.text()).slice(0, 200)}`;
    answer.fatal = res.status === 401 || res.status === 403 || res.status === 404;
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message;
    answer.rejected = events.length;
    answer.note = `no answer from ${endpoint}: ${cause ?? (err as Error).message}`;
    answer.unreachable = true;
  }
  return answer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const { endpoint, key, rate, minutes } = parseOptions();
  const customers = generateCustomers(DEMO_SEED, DEMO_CUSTOMER_COUNT);
  const runId = randomBytes(4).toString("hex");
  const sim = createSimulation(customers, { runId, seed: DEMO_SEED });
  const totalSeconds = Math.ceil(minutes * 60);
  const i = SIMULATED_INCIDENT;

  console.log(
    `Streaming to ${endpoint} for ${minutes} min at up to ${rate} events/s (run ${runId}).`,
  );
  console.log(
    `New failure: "${i.errorType}: upstream shard-7 did not answer" on ${i.service}, hitting ` +
      `${Object.entries(i.subgroup)
        .map(([k, v]) => `${k}=${v}`)
        .join(" and ")} (${sim.failing.length} customers) from second 15. Ctrl-C to stop.`,
  );

  let stopping = false;
  process.on("SIGINT", () => {
    if (stopping) process.exit(130);
    stopping = true;
  });
  process.on("SIGTERM", () => (stopping = true));

  const totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const started = Date.now();
  let failingSeconds = 0;
  for (let second = 0; second < totalSeconds && !stopping; second++) {
    const events = simulationTick(sim, second, rate, new Date());
    const line = { sent: events.length, accepted: 0, duplicates: 0, rejected: 0 };
    let note = "";
    // The API takes at most 1,000 events per request.
    for (let from = 0; from < events.length; from += 1000) {
      const batch = events.slice(from, from + 1000);
      const answer = await post(endpoint, key, batch);
      if (answer.fatal || (answer.unreachable && totals.accepted === 0)) {
        console.error(`Stopping: ${answer.note}.`);
        process.exit(1);
      }
      line.accepted += answer.accepted;
      line.duplicates += answer.duplicates;
      line.rejected += answer.rejected;
      note = answer.note || note;
    }
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += line[k];
    failingSeconds =
      line.sent > 0 && line.accepted + line.duplicates === 0 ? failingSeconds + 1 : 0;
    const clock = `${String(Math.floor(second / 60)).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}`;
    console.log(
      `${clock}  sent ${line.sent}  accepted ${line.accepted}  duplicates ${line.duplicates}  rejected ${line.rejected}` +
        (note ? `  (${note})` : ""),
    );
    if (failingSeconds >= 30) {
      console.error("Stopping: nothing was accepted for 30 seconds.");
      process.exit(1);
    }
    // Keep a steady one batch per second, however long the request took.
    const wait = started + (second + 1) * 1000 - Date.now();
    if (wait > 0 && !stopping) await sleep(wait);
  }
  console.log(
    `Done: sent ${totals.sent}, accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejected}.`,
  );
}

await main();
