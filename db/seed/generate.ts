/**
 * The demo's customer base, generated from a seed: a pure function, no clock, no I/O, no
 * Math.random. The same (seed, count) always gives the same customers, in the same order,
 * with the same external ids — which is how `npm run simulate` knows the demo workspace's
 * customers without an API to list them.
 *
 * Attributes are correlated the way a real SaaS customer base is: region decides the
 * clusters and the locales (and so the company's legal suffix, domain and people's names);
 * the plan decides seats, SSO and how many contacts; the platform decides whether a
 * customer has an app_version (iOS, Android) or a browser (web).
 */
import type { Attributes } from "@/db/schema/customers";
import { createRng, type Rng } from "./random";
import {
  BRAND_HEADS,
  BRAND_TAILS,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  LOCALES,
  asciiFold,
} from "./names";

export const DEMO_SEED = "acme-cloud-demo";
export const DEMO_CUSTOMER_COUNT = 6000;

export type Plan = "free" | "pro" | "business" | "enterprise";
export type Platform = "ios" | "android" | "web";

export interface DemoContact {
  email: string;
  name: string;
  locale: string;
}

export interface DemoCustomer {
  externalId: string;
  name: string;
  attributes: Attributes & {
    plan: Plan;
    region: string;
    cluster: string;
    country: string;
    platform: Platform;
    seats: number;
    created_year: number;
    sso: boolean;
    app_version?: string;
    browser?: string;
  };
  contacts: DemoContact[];
}

const PLANS: Record<Plan, number> = { free: 52, pro: 28, business: 14, enterprise: 6 };

export const REGIONS: Record<
  string,
  {
    weight: number;
    clusters: Record<string, number>;
    locales: Record<string, number>;
    platforms: Record<Platform, number>;
  }
> = {
  "us-east": {
    weight: 30,
    clusters: { "us-east-1a": 36, "us-east-1b": 31, "us-east-1c": 33 },
    locales: { "en-US": 86, "es-US": 6, "en-CA": 6, "fr-CA": 2 },
    platforms: { ios: 33, android: 20, web: 47 },
  },
  "us-west": {
    weight: 16,
    clusters: { "us-west-2a": 55, "us-west-2b": 45 },
    locales: { "en-US": 90, "es-US": 6, "en-CA": 4 },
    platforms: { ios: 36, android: 18, web: 46 },
  },
  "eu-west": {
    weight: 20,
    clusters: { "eu-west-1a": 38, "eu-west-1b": 34, "eu-west-1c": 28 },
    locales: { "en-GB": 40, "en-IE": 10, "fr-FR": 24, "nl-NL": 14, "es-ES": 12 },
    platforms: { ios: 30, android: 26, web: 44 },
  },
  "eu-central": {
    weight: 14,
    clusters: { "eu-central-1a": 55, "eu-central-1b": 45 },
    locales: { "de-DE": 62, "de-AT": 10, "de-CH": 10, "pl-PL": 18 },
    platforms: { ios: 27, android: 28, web: 45 },
  },
  "ap-southeast": {
    weight: 12,
    clusters: { "ap-southeast-1a": 50, "ap-southeast-2a": 50 },
    locales: { "en-AU": 45, "en-SG": 30, "ja-JP": 25 },
    platforms: { ios: 28, android: 37, web: 35 },
  },
  "sa-east": {
    weight: 8,
    clusters: { "sa-east-1a": 100 },
    locales: { "pt-BR": 78, "es-MX": 22 },
    platforms: { ios: 18, android: 47, web: 35 },
  },
};

const APP_VERSIONS: Record<"ios" | "android", Record<string, number>> = {
  ios: { "5.2.0": 44, "5.1.3": 30, "5.1.2": 12, "5.0.4": 9, "4.9.8": 5 },
  android: { "5.2.0": 38, "5.1.4": 27, "5.1.2": 15, "5.0.1": 12, "4.9.6": 8 },
};

const BROWSERS_US = { chrome: 58, safari: 24, edge: 11, firefox: 7 };
const BROWSERS_ELSEWHERE = { chrome: 64, safari: 14, edge: 10, firefox: 12 };

/** Seats follow the plan, log-uniformly inside each plan's range. */
const SEATS: Record<Plan, [number, number]> = {
  free: [1, 3],
  pro: [2, 25],
  business: [15, 250],
  enterprise: [200, 8000],
};

/** Older customers are more often on bigger plans. */
const CREATED_YEARS: Record<Plan, Record<string, number>> = {
  free: { 2021: 5, 2022: 10, 2023: 20, 2024: 30, 2025: 35 },
  pro: { 2019: 5, 2020: 8, 2021: 12, 2022: 18, 2023: 22, 2024: 20, 2025: 15 },
  business: { 2017: 6, 2018: 9, 2019: 12, 2020: 15, 2021: 16, 2022: 16, 2023: 14, 2024: 12 },
  enterprise: { 2016: 12, 2017: 14, 2018: 16, 2019: 16, 2020: 14, 2021: 12, 2022: 10, 2023: 6 },
};

function companyName(rng: Rng, legalOptions: readonly string[]) {
  const brand = rng.chance(0.75)
    ? `${rng.pick(BRAND_HEADS)}${rng.pick(BRAND_TAILS)}`
    : rng.pick(BRAND_HEADS);
  const industry = rng.pick(INDUSTRIES);
  const legal = rng.pick(legalOptions);
  return { brand, industry, name: [brand, industry, legal].filter(Boolean).join(" ") };
}

function contactsFor(rng: Rng, plan: Plan, primaryLocale: string, domain: string): DemoContact[] {
  const count =
    plan === "enterprise" ? 3 : plan === "business" ? rng.int(2, 3) : rng.chance(0.25) ? 2 : 1;
  const contacts: DemoContact[] = [];
  const used = new Set<string>();
  for (let i = 0; contacts.length < count && i < 10; i++) {
    // Most people share the company's locale; some teams write in English.
    const locale = rng.chance(0.85)
      ? primaryLocale
      : primaryLocale.startsWith("en")
        ? primaryLocale
        : rng.pick(["en-US", "en-GB"]);
    const language = LOCALES[primaryLocale].language;
    const first = rng.pick(FIRST_NAMES[language]);
    const last = rng.pick(LAST_NAMES[language]);
    const f = asciiFold(first);
    const l = asciiFold(last);
    const local = rng.pick([`${f}.${l}`, `${f}`, `${f[0]}${l}`, `${f}${l[0]}`, `${f}.${l}`]);
    const email = `${local}@${domain}`;
    if (used.has(email)) continue;
    used.add(email);
    contacts.push({ email, name: `${first} ${last}`, locale });
  }
  return contacts;
}

/** Generates `count` customers from `seed`. Pure: equal inputs give equal outputs. */
export function generateCustomers(seed = DEMO_SEED, count = DEMO_CUSTOMER_COUNT): DemoCustomer[] {
  const rng = createRng(`customers:${seed}`);
  const regionWeights = Object.fromEntries(
    Object.entries(REGIONS).map(([region, r]) => [region, r.weight]),
  );
  const names = new Set<string>();
  const domains = new Set<string>();
  const ids = new Set<string>();
  const customers: DemoCustomer[] = [];

  while (customers.length < count) {
    const region = rng.weighted(regionWeights);
    const spec = REGIONS[region];
    const cluster = rng.weighted(spec.clusters);
    const locale = rng.weighted(spec.locales);
    const { country, tld, legal } = LOCALES[locale];

    const plan = rng.weighted(PLANS);
    const [minSeats, maxSeats] = SEATS[plan];
    const seats = Math.round(Math.exp(rng.next() * Math.log(maxSeats / minSeats)) * minSeats);
    const createdYear = Number(rng.weighted(CREATED_YEARS[plan]));
    const sso = plan === "enterprise" ? rng.chance(0.9) : plan === "business" && rng.chance(0.4);

    // Bigger customers run the web app more; phones dominate the free plan.
    const platformWeights = { ...spec.platforms };
    if (plan === "enterprise" || plan === "business") platformWeights.web *= 1.6;
    if (plan === "free") platformWeights.android *= 1.2;
    const platform = rng.weighted(platformWeights);

    const company = companyName(rng, legal);
    const domain = `${asciiFold(company.brand)}${rng.chance(0.5) ? asciiFold(company.industry) : ""}.${tld}`;
    const externalId = `cus_${rng.token(12)}`;
    if (names.has(company.name) || domains.has(domain) || ids.has(externalId)) continue;
    names.add(company.name);
    domains.add(domain);
    ids.add(externalId);

    const attributes: DemoCustomer["attributes"] = {
      plan,
      region,
      cluster,
      country,
      platform,
      seats,
      created_year: createdYear,
      sso,
    };
    if (platform === "web") {
      attributes.browser = rng.weighted(country === "US" ? BROWSERS_US : BROWSERS_ELSEWHERE);
    } else {
      attributes.app_version = rng.weighted(APP_VERSIONS[platform]);
    }
    customers.push({
      externalId,
      name: company.name,
      attributes,
      contacts: contactsFor(rng, plan, locale, domain),
    });
  }
  return customers;
}
