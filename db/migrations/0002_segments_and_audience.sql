CREATE TABLE "incident_audience" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"segment_id" uuid,
	"set_by" text,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_audience_exclusion" (
	"workspace_id" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"customer_id" bigint NOT NULL,
	"excluded_by" text,
	"excluded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_audience_exclusion_incident_id_customer_id_pk" PRIMARY KEY("incident_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rule" jsonb NOT NULL,
	"rule_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_audience" ADD CONSTRAINT "incident_audience_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_audience" ADD CONSTRAINT "incident_audience_segment_id_segment_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_audience" ADD CONSTRAINT "incident_audience_set_by_user_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_audience_exclusion" ADD CONSTRAINT "incident_audience_exclusion_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_audience_exclusion" ADD CONSTRAINT "incident_audience_exclusion_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_audience_exclusion" ADD CONSTRAINT "incident_audience_exclusion_excluded_by_user_id_fk" FOREIGN KEY ("excluded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment" ADD CONSTRAINT "segment_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment" ADD CONSTRAINT "segment_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment" ADD CONSTRAINT "segment_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_audience_segment_idx" ON "incident_audience" USING btree ("workspace_id","segment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "segment_workspace_name_idx" ON "segment" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "segment_workspace_rule_idx" ON "segment" USING btree ("workspace_id","rule_hash");