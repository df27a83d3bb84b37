import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CURSOR_REFUSED,
  cursorCodec,
  cursorRowId,
  cursorTimestamptzText,
  cursorWholeNumberText,
} from "./cursor";
import { DomainError } from "./errors";
import { otherSpelling } from "./testing/hostile";

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const schema = z.object({ v: cursorTimestamptzText.nullable(), i: cursorRowId });
const codec = cursorCodec("things", schema);
const scope = ["ws-1", "last_seen", "desc"];

function refused(fn: () => unknown) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect(thrown).toMatchObject({ code: "invalid", message: CURSOR_REFUSED });
}

describe("paging cursors", () => {
  it("give back what they were issued with, for the same list and scope only", () => {
    const value = { v: "2026-03-02 12:00:00.123456+00", i: 42 };
    const cursor = codec.encode(scope, value);
    expect(codec.decode(scope, cursor)).toEqual(value);
    refused(() => codec.decode(["ws-2", "last_seen", "desc"], cursor));
    refused(() => codec.decode(["ws-1", "last_seen", "asc"], cursor));
    refused(() => cursorCodec("other-things", schema).decode(scope, cursor));
  });

  it("refuse anything altered or made up, whatever it holds", () => {
    const real = codec.encode(scope, { v: null, i: 7 });
    const [payload, mac] = real.split(".");
    for (const raw of [
      "",
      "garbage",
      "bm9wZQ",
      payload,
      `${payload}.`,
      `.${mac}`,
      `${payload}.${mac}.${mac}`,
      `${payload}.${mac}A`,
      `${payload}.${mac.slice(1)}`,
      `${payload}!.${mac}`,
      `${b64(JSON.stringify({ v: null, i: 8 }))}.${mac}`,
      `${b64('{"v":null,"i":1e999}')}.${mac}`,
      `${payload}.${"A".repeat(mac.length)}`,
      `${payload}.${mac}`.repeat(200),
      // The same 16 bytes spelt another way.
      `${payload}.${otherSpelling(mac)}`,
    ]) {
      refused(() => codec.decode(scope, raw));
    }
  });

  it("refuse a cursor signed for the list whose value has another shape (an older version's)", () => {
    const loose = cursorCodec("things", z.unknown());
    for (const value of [
      null,
      [1, 2],
      "2026-03-02 12:00:00+00",
      { v: "yesterday", i: 1 },
      { v: "2026-02-30 00:00:00+00", i: 1 },
      { v: "2026-13-01 00:00:00+00", i: 1 },
      { v: "2026-03-02 24:00:00+00", i: 1 },
      { v: "0000-01-01 00:00:00+00", i: 1 },
      { v: null, i: 0 },
      { v: null, i: -1 },
      { v: null, i: 1.5 },
      { v: null, i: 1e300 },
      { v: null, i: 2 ** 53 },
      { v: null, i: "1" },
      { v: 5, i: 1 },
      { v: null },
      { s: "last_seen", d: "desc", v: "abc", i: 1 },
    ]) {
      refused(() => codec.decode(scope, loose.encode(scope, value)));
    }
  });

  it("read timestamps as PostgreSQL writes them, and only real moments", () => {
    for (const ok of [
      "2026-03-02 12:00:00+00",
      "2026-03-02 12:00:00.5+05:30",
      "2024-02-29 23:59:59.999999-08",
      "0001-01-01 00:00:00+00",
      "1900-01-01 00:00:00+00:53:28",
    ]) {
      expect(cursorTimestamptzText.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of [
      "2026-03-02T12:00:00Z",
      "2025-02-29 00:00:00+00",
      "1900-02-29 00:00:00+00",
      "2026-04-31 00:00:00+00",
      "2026-00-10 00:00:00+00",
      "2026-03-02 12:60:00+00",
      "2026-03-02 12:00:60+00",
      "2026-03-02 12:00:00",
      "2026-03-02 12:00:00.1234567+00",
      "-infinity",
      "NaN",
    ]) {
      expect(cursorTimestamptzText.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("read whole numbers only within the column's range", () => {
    const int4 = cursorWholeNumberText(2_147_483_647);
    expect(int4.safeParse("0").success).toBe(true);
    expect(int4.safeParse("2147483647").success).toBe(true);
    for (const bad of ["2147483648", "-1", "01", "1.5", "1e3", "", " 1", "99999999999999999999"]) {
      expect(int4.safeParse(bad).success, bad).toBe(false);
    }
  });
});
