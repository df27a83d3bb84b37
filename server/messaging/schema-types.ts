/** Types of the messaging tables that the pure parts (rendering, recipients) share. */
import type { incident } from "@/db/schema";
export type { TemplateText, UpdateAudience, UpdateContent, UpdateReach } from "@/db/schema";
export type IncidentStatus = (typeof incident.$inferSelect)["status"];
