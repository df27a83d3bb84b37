/** The ingest endpoint as a client sees it: status codes and the one error shape. */
import { expect, test } from "./fixtures";
import { checkoutErrors, segmentedDirectory } from "./support/customers";

const oneEvent = () => checkoutErrors(segmentedDirectory(1).slice(0, 1), `x${Date.now()}`);

test("POST /api/v1/events without a key, or with an unknown one, is 401", async ({ request }) => {
  const missing = await request.post("/api/v1/events", { data: { events: oneEvent() } });
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({
    error: {
      code: "unauthorized",
      message: "Missing API key: send it as `Authorization: Bearer <key>`.",
    },
  });

  const unknown = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer br_${"x".repeat(40)}` },
    data: { events: oneEvent() },
  });
  expect(unknown.status()).toBe(401);
  expect(await unknown.json()).toEqual({
    error: { code: "unauthorized", message: "Invalid or revoked API key." },
  });
});

test("POST /api/v1/events: a bad batch is a 400, a bad event is rejected alone, a repeat is a duplicate", async ({
  restApi,
}) => {
  const empty = await restApi.postEvents([]);
  expect(empty.status()).toBe(400);
  const emptyBody = await empty.json();
  expect(emptyBody.error.code).toBe("invalid");
  expect(emptyBody.error.message).toContain("send at least one event");

  const [good] = oneEvent();
  const bad = { ...good, id: `${good.id}-bad`, timestamp: "yesterday" };
  const mixed = await restApi.postEvents([good, bad]);
  expect(mixed.status()).toBe(202);
  const mixedBody = await mixed.json();
  expect(mixedBody).toMatchObject({ accepted: 1, duplicates: 0 });
  expect(mixedBody.rejected).toEqual([{ index: 1, error: expect.stringContaining("timestamp") }]);

  const again = await restApi.postEvents([good]);
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
});
