import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  assignRole,
  detectType,
  initialMapping,
  mappingProblems,
  mapRecord,
  sampleCsv,
  validateRecords,
} from "./mapping";

function parse(csv: string) {
  const out = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: "greedy" });
  return { headers: out.meta.fields ?? [], records: out.data };
}

describe("CSV import mapping", () => {
  it("recognises id, name and contact columns by their headers; the rest become typed attributes", () => {
    const { headers, records } = parse(sampleCsv());
    const mapping = initialMapping(headers, records);
    expect(mapping.map((m) => [m.header, m.role, m.type])).toEqual([
      ["id", "id", "text"],
      ["name", "name", "text"],
      ["email", "email", "text"],
      ["contact_name", "contactName", "text"],
      ["locale", "locale", "text"],
      ["plan", "attribute", "text"],
      ["region", "attribute", "text"],
      ["app_version", "attribute", "text"],
      ["seats", "attribute", "number"],
      ["sso", "attribute", "boolean"],
    ]);
    const { valid, errors } = validateRecords(records, mapping);
    expect(errors).toEqual([]);
    expect(valid[0]).toEqual({
      row: 2,
      customer: {
        id: "cus_1001",
        name: "Acme Inc",
        attributes: {
          plan: "enterprise",
          region: "eu-west-1",
          app_version: "4.2.0",
          seats: 120,
          sso: true,
        },
        contacts: [{ email: "ops@acme.example", name: "Ada Lovelace", locale: "en-GB" }],
      },
    });
    // An empty cell sets nothing (the stored value stays), and no contact name is sent.
    expect(valid[4].customer).toMatchObject({
      contacts: [{ email: "support@umbrella.example", locale: "ja" }],
    });
  });

  it("keeps ids, postcodes and versions with leading zeros or dots as text", () => {
    expect(detectType(["007", "12"])).toBe("text");
    expect(detectType(["4.2.0"])).toBe("text");
    expect(detectType(["1.5", "-3", ""])).toBe("number");
    expect(detectType(["TRUE", "false"])).toBe("boolean");
    expect(detectType(["", " "])).toBe("text");
    // One stray cell does not make a number column text; it becomes a row error instead.
    expect(detectType([...Array.from({ length: 19 }, (_, i) => String(i + 1)), "lots"])).toBe(
      "number",
    );
    expect(detectType(["1", "2", "lots"])).toBe("text");
  });

  it("turns headers into valid attribute names and keeps them apart", () => {
    const mapping = initialMapping(
      ["Customer ID", "App Version", "app-version", "App Version", ""],
      [],
    );
    expect(mapping.map((m) => m.role)).toEqual([
      "id",
      "attribute",
      "attribute",
      "attribute",
      "attribute",
    ]);
    expect(mapping.slice(1).map((m) => m.key)).toEqual([
      "app_version",
      "app-version",
      "app_version_2",
      "column_5",
    ]);
    expect(mappingProblems(mapping)).toEqual([]);
  });

  it("moves a single role to the column the user picks and asks for an id column", () => {
    const mapping = initialMapping(["id", "account", "email"], []);
    const moved = assignRole(mapping, 1, "id");
    expect(moved.map((m) => m.role)).toEqual(["attribute", "id", "email"]);
    expect(mappingProblems(assignRole(mapping, 0, "skip"))).toEqual([
      "Choose the column that holds the external ID.",
    ]);
  });

  it("reports each bad row by its spreadsheet row number, naming the column", () => {
    const { headers, records } = parse(
      "id,name,email,seats,sso\nc1,Ok,a@b.io,3,true\n,No id,,1,false\nc3,Bad mail,not-mail,2,true\nc4,Bad seats,,many,maybe\n",
    );
    const mapping = initialMapping(headers, records.slice(0, 1));
    const { valid, errors } = validateRecords(records, mapping);
    expect(valid.map((v) => v.row)).toEqual([2]);
    expect(errors).toEqual([
      { row: 3, message: "id: Required" },
      { row: 4, message: "email: Invalid email address" },
      { row: 5, message: 'seats: "many" is not a number; sso: "maybe" is not true or false' },
    ]);
  });

  it("skips columns marked skip", () => {
    const mapping = assignRole(initialMapping(["id", "secret"], []), 1, "skip");
    expect(mapRecord({ id: "x", secret: "hunter2" }, mapping).customer).toEqual({ id: "x" });
  });

  it("refuses the reserved attribute names __proto__, constructor and prototype, by name", () => {
    // A short row leaves "constructor" unset: it must read as empty, not as Object.
    const { headers, records } = parse("id,constructor,__proto__\nc1,a,b\nc2\n");
    const mapping = initialMapping(headers, records);
    expect(mapping.map((m) => [m.header, m.key, m.type])).toEqual([
      ["id", "id", "text"],
      ["constructor", "constructor", "text"],
      ["__proto__", "proto", "text"],
    ]);
    expect(mappingProblems(mapping)).toEqual([
      'Column "__proto__": its cells cannot be read; rename it in the file or skip it.',
      '"constructor" is a reserved name; use another attribute name.',
    ]);
    const renamed = mapping.map((m) => (m.key === "proto" ? { ...m, key: "__proto__" } : m));
    expect(mappingProblems(assignRole(renamed, 2, "attribute"))).toContain(
      '"__proto__" is a reserved name; use another attribute name.',
    );
    // Were the rows sent anyway, each names the column and the reason.
    const { valid, errors } = validateRecords(
      [{ id: "c1", constructor: "a", plan: "pro" }],
      [
        ...mapping.slice(0, 2),
        { header: "plan", role: "attribute", key: "__proto__", type: "text" },
      ],
    );
    expect(valid).toEqual([]);
    expect(errors).toEqual([
      {
        row: 2,
        message:
          'constructor: "constructor" is a reserved name; use another attribute name; plan: "__proto__" is a reserved name; use another attribute name',
      },
    ]);
  });
});
