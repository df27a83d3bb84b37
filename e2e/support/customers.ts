/**
 * Made-up customers and the errors they hit. The directory has a clear segment structure
 * (region × app_version, a quarter in each cell, plan spread evenly over all of them), so
 * an incident that hits one cell has an unmistakable breakdown.
 */
import type { DirectoryCustomer, ErrorEvent } from "./rest-api";

export const SEGMENT = { region: "eu-west", app_version: "5.2.0" } as const;

const CELLS = [
  { region: "eu-west", app_version: "5.2.0" },
  { region: "eu-west", app_version: "5.1.0" },
  { region: "us-east", app_version: "5.2.0" },
  { region: "us-east", app_version: "5.1.0" },
] as const;

const pad = (n: number) => String(n).padStart(3, "0");

/** `perCell` customers in each region × app_version cell; plan alternates free / pro. */
export function segmentedDirectory(perCell: number): DirectoryCustomer[] {
  return CELLS.flatMap((cell, c) =>
    Array.from({ length: perCell }, (_, i) => {
      const n = c * perCell + i + 1;
      return {
        id: `cus_${pad(n)}`,
        name: `Tenant ${pad(n)}`,
        attributes: { ...cell, plan: n % 2 === 0 ? "pro" : "free" },
        contacts: [{ email: `owner-${pad(n)}@tenant.example` }],
      };
    }),
  );
}

export const inSegment = (c: DirectoryCustomer) =>
  c.attributes?.region === SEGMENT.region && c.attributes?.app_version === SEGMENT.app_version;

/** One error event per customer, as a checkout service would report them, a few seconds old. */
export function checkoutErrors(customers: DirectoryCustomer[], batch: string): ErrorEvent[] {
  const now = Date.now();
  return customers.map((c, i) => ({
    id: `evt_${batch}_${i}`,
    timestamp: new Date(now - (customers.length - i) * 1000).toISOString(),
    service: "checkout-api",
    error: { type: "PaymentProviderTimeout", message: "Card authorisation timed out after 30s" },
    customer: {
      id: c.id,
      name: c.name,
      email: c.contacts?.[0]?.email,
      attributes: c.attributes,
    },
    attributes: { route: "POST /checkout" },
  }));
}
