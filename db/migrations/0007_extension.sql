CREATE TABLE "extension_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "extension_token_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "report_group" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"signature" text NOT NULL,
	"title" text NOT NULL,
	"first_reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"incident_id" uuid,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"incident_id" uuid,
	"group_id" uuid,
	"customer_id" bigint NOT NULL,
	"note" text NOT NULL,
	"ticket_url" text,
	"reported_by" text,
	"token_id" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "extension_token" ADD CONSTRAINT "extension_token_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_token" ADD CONSTRAINT "extension_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_group" ADD CONSTRAINT "report_group_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_group" ADD CONSTRAINT "report_group_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_report" ADD CONSTRAINT "support_report_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_report" ADD CONSTRAINT "support_report_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_report" ADD CONSTRAINT "support_report_group_id_report_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."report_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_report" ADD CONSTRAINT "support_report_reported_by_user_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_report" ADD CONSTRAINT "support_report_token_id_extension_token_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."extension_token"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "extension_token_workspace_user_idx" ON "extension_token" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "report_group_workspace_open_idx" ON "report_group" USING btree ("workspace_id","closed_at","last_reported_at");--> statement-breakpoint
CREATE INDEX "support_report_group_idx" ON "support_report" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "support_report_incident_idx" ON "support_report" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_report_group_customer_idx" ON "support_report" USING btree ("group_id","customer_id");