/**
 * Without the app's entry point (`next start`, `next dev`) nothing is believed: no header
 * gives a client an address, and production refuses to start.
 */
import { describe, expect, it, vi } from "vitest";
import { clientAddress, clientAddressHeader } from "./client-address";
import { requireEntryPoint } from "./entry-server";

describe("without the entry point", () => {
  it("believes no header a client sends", () => {
    expect(clientAddressHeader()).toBeNull();
    const req = new Request("http://localhost/api/v1/events", {
      headers: {
        "x-forwarded-for": "203.0.113.66",
        "x-real-ip": "203.0.113.67",
        "x-blastradius-client-address": "203.0.113.68",
      },
    });
    expect(clientAddress(req)).toBeNull();
  });

  it("refuses to start in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(() => requireEntryPoint()).toThrow(/Start it with `npm start`, not `next start`/);
    vi.unstubAllEnvs();
  });
});
