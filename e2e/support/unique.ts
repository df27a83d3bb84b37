/** Names no other test (nor a retry of this one) uses, so tests share one database safely. */
import { randomBytes } from "node:crypto";

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}
