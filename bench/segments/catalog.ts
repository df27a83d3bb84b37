/**
 * The attributes a synthetic workspace draws from: the kinds of customer attributes our
 * users send (region, plan, app_version …), each with a range of cardinality, a kind of
 * value and, for some, a parent it partly follows (datacenter follows region), so that the
 * benchmark's workspaces look like real directories rather than independent coin flips.
 */
import type { AttributeValue } from "@/server/correlate";
import type { Rng } from "./prng";

export type AttributeKind = "category" | "boolean" | "number" | "version";

export interface AttributeSpec {
  name: string;
  kind: AttributeKind;
  /** The distinct present values; a customer's value is an index into this list. */
  values: AttributeValue[];
  /** Relative frequency of each value (skewed for some attributes, near-uniform for others). */
  weights: number[];
  /** Share of customers with no value (absent key, null or undefined), a value of its own. */
  missing: number;
  /** With probability `share`, a customer's value is `map[their parent's value]`. */
  follows?: { parent: string; share: number; map: number[] };
}

interface Template {
  name: string;
  kind: AttributeKind;
  cardinality: [number, number];
  labels?: readonly string[];
  follows?: string;
  /** Range of the missing share; attributes without one are missing for some customers only by chance. */
  missing?: [number, number];
}

const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "eu-north-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ap-south-1",
  "sa-east-1",
  "ca-central-1",
  "me-south-1",
  "af-south-1",
];
const PLANS = ["free", "starter", "pro", "team", "business", "enterprise"];
const OS = ["ios", "android", "windows", "macos", "linux", "chromeos", "ipados", "tvos"];
const BROWSERS = [
  "chrome",
  "safari",
  "firefox",
  "edge",
  "opera",
  "samsung",
  "brave",
  "vivaldi",
  "yandex",
  "uc",
  "arc",
  "other",
];
const NETWORKS = ["wifi", "cellular", "ethernet", "satellite"];
const PAYMENT = [
  "stripe",
  "adyen",
  "paypal",
  "braintree",
  "invoice",
  "klarna",
  "mollie",
  "apple-pay",
];

export const CATALOG: readonly Template[] = [
  { name: "region", kind: "category", cardinality: [4, 16], labels: REGIONS },
  { name: "datacenter", kind: "category", cardinality: [8, 40], follows: "region" },
  { name: "plan", kind: "category", cardinality: [3, 6], labels: PLANS },
  { name: "app_version", kind: "version", cardinality: [12, 80] },
  { name: "os", kind: "category", cardinality: [3, 8], labels: OS },
  { name: "os_version", kind: "version", cardinality: [10, 60], follows: "os" },
  { name: "browser", kind: "category", cardinality: [4, 12], labels: BROWSERS },
  { name: "device_model", kind: "category", cardinality: [20, 200] },
  { name: "country", kind: "category", cardinality: [30, 200] },
  { name: "locale", kind: "category", cardinality: [10, 60], follows: "country" },
  { name: "seats", kind: "number", cardinality: [50, 200] },
  { name: "api_version", kind: "number", cardinality: [2, 6] },
  { name: "beta", kind: "boolean", cardinality: [2, 2] },
  { name: "sso", kind: "boolean", cardinality: [2, 2] },
  { name: "shard", kind: "category", cardinality: [16, 128] },
  { name: "cluster", kind: "category", cardinality: [4, 16], follows: "shard" },
  { name: "network", kind: "category", cardinality: [2, 4], labels: NETWORKS },
  { name: "sdk", kind: "category", cardinality: [3, 10], missing: [0.05, 0.3] },
  { name: "integration", kind: "category", cardinality: [5, 40], missing: [0.1, 0.4] },
  { name: "payment_provider", kind: "category", cardinality: [2, 8], labels: PAYMENT },
  { name: "account_age_months", kind: "number", cardinality: [24, 120] },
];

/**
 * Whether a planted fault may sit on this attribute: an exact value of a numeric attribute
 * with many values (seats=37) is not how incidents look, so those only ever add noise.
 */
export function plantable(spec: AttributeSpec): boolean {
  return spec.kind !== "number" || spec.values.length <= 12;
}

/** Chooses `count` attributes (10–20) and draws each one's values, weights and missing share. */
export function drawAttributes(rng: Rng, count: number): AttributeSpec[] {
  const chosen = rng.shuffle(CATALOG).slice(0, count);
  const names = new Set(chosen.map((t) => t.name));
  const specs = chosen.map((t) => drawValues(rng, t));
  const byName = new Map(specs.map((s) => [s.name, s]));
  chosen.forEach((t, i) => {
    const parent = t.follows && names.has(t.follows) ? byName.get(t.follows)! : undefined;
    if (!parent) return;
    const child = specs[i];
    // A partial dependence (60–85%) keeps the planted attribute identifiable: the parent's
    // and the child's segments overlap a lot but never coincide.
    const targets = rng.shuffle(child.values.map((_, j) => j));
    const map = parent.values.map((_, p) =>
      p < targets.length ? targets[p] : rng.int(0, child.values.length - 1),
    );
    child.follows = { parent: parent.name, share: rng.uniform(0.6, 0.85), map };
  });
  // Parents before children, so one pass over the attributes can draw every customer.
  return specs.sort((a, b) => Number(Boolean(a.follows)) - Number(Boolean(b.follows)));
}

function drawValues(rng: Rng, t: Template): AttributeSpec {
  const n = rng.int(t.cardinality[0], Math.min(t.cardinality[1], t.labels?.length ?? Infinity));
  const values = valuesOf(rng, t, n);
  const missing = t.missing
    ? rng.uniform(...t.missing)
    : rng.chance(0.15)
      ? rng.uniform(0.02, 0.12)
      : 0;
  return { name: t.name, kind: t.kind, values, weights: weightsOf(rng, t, n), missing };
}

function valuesOf(rng: Rng, t: Template, n: number): AttributeValue[] {
  if (t.kind === "boolean") return [true, false];
  if (t.kind === "number")
    return Array.from({ length: n }, (_, i) => (t.name === "account_age_months" ? i : i + 1));
  if (t.kind === "version") {
    // Ascending releases: mostly patches, sometimes a minor, rarely a major.
    let [major, minor, patch] = [rng.int(1, 6), rng.int(0, 9), 0];
    return Array.from({ length: n }, () => {
      const v = `${major}.${minor}.${patch}`;
      const step = rng.next();
      if (step < 0.6) patch++;
      else if (step < 0.93) [minor, patch] = [minor + 1, 0];
      else [major, minor, patch] = [major + 1, 0, 0];
      return v;
    });
  }
  if (t.labels) return rng.shuffle(t.labels).slice(0, n);
  const width = String(n - 1).length;
  return Array.from(
    { length: n },
    (_, i) => `${t.name.replace(/_/g, "-")}-${String(i).padStart(width, "0")}`,
  );
}

function weightsOf(rng: Rng, t: Template, n: number): number[] {
  if (t.kind === "boolean") {
    const yes = rng.uniform(0.05, 0.5);
    return [yes, 1 - yes];
  }
  // Versions: most customers on the recent releases, a long tail on old ones.
  if (t.kind === "version")
    return Array.from({ length: n }, (_, i) => Math.pow(0.85 + rng.uniform(0, 0.1), n - 1 - i));
  // Small numbers dominate counts such as seats; ages are flatter.
  if (t.kind === "number" && t.name !== "api_version") {
    const s = rng.uniform(0.3, 1.1);
    return Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));
  }
  // Half the categorical attributes are Zipf-skewed (one or two values hold most customers),
  // with the popular value at a random position so it is not always the first label.
  if (rng.chance(0.5)) {
    const s = rng.uniform(0.5, 1.4);
    return rng.shuffle(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s)));
  }
  return Array.from({ length: n }, () => rng.uniform(0.7, 1.3));
}
