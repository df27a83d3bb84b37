/**
 * The CSV import's pure half: guess what each column is, detect attribute types, turn a CSV
 * record into the customer the API takes, and validate it with the server's own schema, so
 * the errors shown before importing are the ones the server would give.
 */
import {
  ATTRIBUTE_KEY_PATTERN,
  CUSTOMER_LIMITS,
  customerInputSchema,
  isReservedAttributeKey,
  reservedAttributeKeyMessage,
} from "@/server/customers/schema";

export const COLUMN_ROLES = [
  { value: "id", label: "External ID" },
  { value: "name", label: "Name" },
  { value: "email", label: "Contact email" },
  { value: "contactName", label: "Contact name" },
  { value: "locale", label: "Contact locale" },
  { value: "attribute", label: "Attribute" },
  { value: "skip", label: "Skip" },
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number]["value"];
/** Roles a single column at most may have. */
const SINGLE_ROLES: ColumnRole[] = ["id", "name", "email", "contactName", "locale"];

export type AttributeType = "text" | "number" | "boolean";

export interface ColumnMapping {
  header: string;
  role: ColumnRole;
  /** The attribute name the column becomes (role "attribute"). */
  key: string;
  type: AttributeType;
}

export interface RowError {
  /** The row in the spreadsheet: the header is row 1, the first customer row 2. */
  row: number;
  message: string;
}

const ROLE_NAMES: [ColumnRole, RegExp][] = [
  ["id", /^(id|external[ _-]?id|customer[ _-]?id|account[ _-]?id|cust[ _-]?id)$/i],
  [
    "name",
    /^(name|customer[ _-]?name|company|company[ _-]?name|account[ _-]?name|organi[sz]ation)$/i,
  ],
  ["email", /^(e-?mail|contact[ _-]?e-?mail|email[ _-]?address)$/i],
  ["contactName", /^(contact|contact[ _-]?name|person)$/i],
  ["locale", /^(locale|language|lang|contact[ _-]?locale)$/i],
];

export function guessRole(header: string): ColumnRole {
  const h = header.trim();
  return ROLE_NAMES.find(([, re]) => re.test(h))?.[0] ?? "attribute";
}

/** "App Version" → "app_version": the header lower-cased, characters attribute names cannot have replaced. */
export function attributeKeyFor(header: string, index: number): string {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, CUSTOMER_LIMITS.attributeKey);
  return key || `column_${index + 1}`;
}

const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;
const LEADING_ZERO = /^-?0\d/;
const BOOLEAN = /^(true|false)$/i;
/** Share of filled cells that must parse for a column to count as numbers or booleans. */
const DETECT_SHARE = 0.9;

/**
 * A column is numbers (or true/false) when at least 90% of its filled cells are; the others
 * are then reported as row errors rather than turning the whole column into text. A leading
 * zero anywhere ("007", postcodes) keeps a column as text.
 */
export function detectType(values: string[]): AttributeType {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (filled.length === 0) return "text";
  const share = (re: RegExp) => filled.filter((v) => re.test(v)).length / filled.length;
  if (share(BOOLEAN) >= DETECT_SHARE) return "boolean";
  if (filled.some((v) => LEADING_ZERO.test(v))) return "text";
  if (share(NUMBER) >= DETECT_SHARE) return "number";
  return "text";
}

export function initialMapping(headers: string[], rows: Record<string, string>[]): ColumnMapping[] {
  const taken = new Set<ColumnRole>();
  const keys = new Set<string>();
  return headers.map((header, i) => {
    let role = guessRole(header);
    if (SINGLE_ROLES.includes(role)) {
      if (taken.has(role)) role = "attribute";
      else taken.add(role);
    }
    let key = attributeKeyFor(header, i);
    for (let n = 2; keys.has(key); n++) key = `${attributeKeyFor(header, i)}_${n}`;
    keys.add(key);
    return { header, role, key, type: detectType(rows.map((r) => cellOf(r, header))) };
  });
}

/** Gives `index` the role; a single role moves away from the column that had it. */
export function assignRole(mapping: ColumnMapping[], index: number, role: ColumnRole) {
  return mapping.map((m, i) => {
    if (i === index) return { ...m, role };
    if (SINGLE_ROLES.includes(role) && m.role === role) return { ...m, role: "attribute" as const };
    return m;
  });
}

/**
 * A record's cell, read as the record's own property: a header such as "constructor" must not
 * find what every JavaScript object inherits.
 */
export function cellOf(record: Record<string, string>, header: string): string {
  const value: unknown = Object.hasOwn(record, header) ? record[header] : undefined;
  return typeof value === "string" ? value : "";
}

/** One CSV record → the customer the API takes, plus cell errors (a number column holding "abc"). */
export function mapRecord(record: Record<string, string>, mapping: ColumnMapping[]) {
  const errors: string[] = [];
  const customer: Record<string, unknown> = {};
  const contact: Record<string, string> = {};
  // Filled from column names the user chose: keys are defined, never assigned through a setter.
  const attributes: Record<string, string | number | boolean> = Object.create(null);
  for (const m of mapping) {
    const value = cellOf(record, m.header).trim();
    if (!value || m.role === "skip") continue;
    if (m.role === "id") customer.id = value;
    else if (m.role === "name") customer.name = value;
    else if (m.role === "email") contact.email = value;
    else if (m.role === "contactName") contact.name = value;
    else if (m.role === "locale") contact.locale = value;
    else if (m.type === "number") {
      if (NUMBER.test(value)) attributes[m.key] = Number(value);
      else errors.push(`${m.header}: "${value}" is not a number`);
    } else if (m.type === "boolean") {
      if (BOOLEAN.test(value)) attributes[m.key] = value.toLowerCase() === "true";
      else errors.push(`${m.header}: "${value}" is not true or false`);
    } else attributes[m.key] = value;
  }
  if (Object.keys(attributes).length) customer.attributes = attributes;
  // A contact needs an email; a name or locale alone has nobody to belong to.
  if (contact.email) customer.contacts = [contact];
  return { customer, errors };
}

/** Names the spreadsheet column a schema error points at: "contacts.0.email" → "Email". */
export function columnFor(path: PropertyKey[], mapping: ColumnMapping[]): string {
  const [first, , third] = path;
  const byRole = (role: ColumnRole) => mapping.find((m) => m.role === role)?.header;
  if (first === "id") return byRole("id") ?? "External ID";
  if (first === "name") return byRole("name") ?? "Name";
  if (first === "contacts") {
    const role = third === "name" ? "contactName" : third === "locale" ? "locale" : "email";
    return byRole(role) ?? String(third ?? "contact");
  }
  if (first === "attributes" && path[1] !== undefined) {
    return (
      mapping.find((m) => m.role === "attribute" && m.key === path[1])?.header ?? String(path[1])
    );
  }
  return path.join(".");
}

/** Maps and validates every record; what the server will accept, and why the rest is refused. */
export function validateRecords(records: Record<string, string>[], mapping: ColumnMapping[]) {
  const valid: { row: number; customer: unknown }[] = [];
  const errors: RowError[] = [];
  records.forEach((record, i) => {
    const row = i + 2;
    const { customer, errors: cellErrors } = mapRecord(record, mapping);
    const parsed = customerInputSchema.safeParse(customer);
    const messages = [
      ...cellErrors,
      ...(parsed.success
        ? []
        : parsed.error.issues.map((iss) => `${columnFor(iss.path, mapping)}: ${iss.message}`)),
    ];
    if (messages.length) errors.push({ row, message: messages.join("; ") });
    else valid.push({ row, customer });
  });
  return { valid, errors };
}

/** Problems with the mapping itself, shown before any row is checked. */
export function mappingProblems(mapping: ColumnMapping[]): string[] {
  const problems: string[] = [];
  if (!mapping.some((m) => m.role === "id"))
    problems.push("Choose the column that holds the external ID.");
  // Papa Parse builds each record as a plain object, where a "__proto__" cell is lost.
  for (const m of mapping.filter((m) => m.header === "__proto__" && m.role !== "skip"))
    problems.push(
      `Column "${m.header}": its cells cannot be read; rename it in the file or skip it.`,
    );
  const attrs = mapping.filter((m) => m.role === "attribute");
  if (attrs.length > CUSTOMER_LIMITS.attributes) {
    problems.push(
      `At most ${CUSTOMER_LIMITS.attributes} attribute columns; skip ${attrs.length - CUSTOMER_LIMITS.attributes}.`,
    );
  }
  for (const m of attrs) {
    if (!ATTRIBUTE_KEY_PATTERN.test(m.key))
      problems.push(`"${m.key}" is not a valid attribute name.`);
    else if (isReservedAttributeKey(m.key)) problems.push(`${reservedAttributeKeyMessage(m.key)}.`);
  }
  const dupes = attrs.filter((m, i) => attrs.findIndex((o) => o.key === m.key) !== i);
  for (const d of dupes) problems.push(`Two columns would both become the attribute "${d.key}".`);
  return problems;
}

/** A few made-up customers showing every column the import understands. */
export const SAMPLE_CSV_ROWS = [
  [
    "id",
    "name",
    "email",
    "contact_name",
    "locale",
    "plan",
    "region",
    "app_version",
    "seats",
    "sso",
  ],
  [
    "cus_1001",
    "Acme Inc",
    "ops@acme.example",
    "Ada Lovelace",
    "en-GB",
    "enterprise",
    "eu-west-1",
    "4.2.0",
    "120",
    "true",
  ],
  [
    "cus_1002",
    "Globex GmbH",
    "it@globex.example",
    "Hank Scorpio",
    "de-DE",
    "pro",
    "eu-central-1",
    "4.1.3",
    "35",
    "false",
  ],
  [
    "cus_1003",
    "Initech",
    "bill@initech.example",
    "Bill Lumbergh",
    "en-US",
    "free",
    "us-east-1",
    "4.2.0",
    "3",
    "false",
  ],
  [
    "cus_1003",
    "Initech",
    "milton@initech.example",
    "Milton Waddams",
    "en-US",
    "free",
    "us-east-1",
    "4.2.0",
    "3",
    "false",
  ],
  [
    "cus_1004",
    "Umbrella KK",
    "support@umbrella.example",
    "",
    "ja",
    "business",
    "ap-northeast-1",
    "4.0.9",
    "64",
    "true",
  ],
];

export function sampleCsv(): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return SAMPLE_CSV_ROWS.map((r) => r.map(cell).join(",")).join("\n") + "\n";
}
