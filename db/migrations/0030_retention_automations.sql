CREATE TYPE "public"."retention_flow" AS ENUM('welcome', 'growing', 'winback');--> statement-breakpoint
CREATE TABLE "retention_flows" (
	"studio_id" uuid NOT NULL,
	"flow" "retention_flow" NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"enabled_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_flows_pkey" PRIMARY KEY("studio_id","flow")
);
--> statement-breakpoint
CREATE TABLE "retention_sends" (
	"studio_id" uuid NOT NULL,
	"flow" "retention_flow" NOT NULL,
	"client_id" uuid NOT NULL,
	"episode" text NOT NULL,
	"subject" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_sends_pkey" PRIMARY KEY("studio_id","flow","client_id","episode")
);
--> statement-breakpoint
ALTER TABLE "retention_flows" ADD CONSTRAINT "retention_flows_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_sends" ADD CONSTRAINT "retention_sends_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_sends" ADD CONSTRAINT "retention_sends_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retention_sends_client_idx" ON "retention_sends" USING btree ("studio_id","client_id","sent_at");