CREATE TABLE "send_rate" (
	"name" text PRIMARY KEY NOT NULL,
	"next_slot" timestamp with time zone NOT NULL
);
