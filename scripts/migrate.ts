/** `npm run db:migrate`: applies committed migrations to the configured database and exits. */
import { openAppDb } from "@/db/client";

const open = await openAppDb();
console.log(`Migrations applied (${open.driver}).`);
await open.close();
