CREATE TYPE "public"."household_role" AS ENUM('participant', 'additional_user');--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "household_primary_id" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "household_role" "household_role";--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "total_bookings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "lifetime_spend_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "first_booking_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "last_booking_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(name) || ' ' || coalesce(email_normalized, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '')) STORED;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_household_primary_fk" FOREIGN KEY ("studio_id","household_primary_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clients_search_idx" ON "clients" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clients_studio_name_idx" ON "clients" USING btree ("studio_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "clients_studio_email_idx" ON "clients" USING btree ("studio_id",coalesce("email_normalized", ''),"id");--> statement-breakpoint
CREATE INDEX "clients_studio_phone_idx" ON "clients" USING btree ("studio_id",coalesce("phone", ''),"id");--> statement-breakpoint
CREATE INDEX "clients_studio_total_idx" ON "clients" USING btree ("studio_id","total_bookings","id");--> statement-breakpoint
CREATE INDEX "clients_studio_spend_idx" ON "clients" USING btree ("studio_id","lifetime_spend_cents","id");--> statement-breakpoint
CREATE INDEX "clients_studio_first_booking_idx" ON "clients" USING btree ("studio_id",coalesce("first_booking_at", '-infinity'),"id");--> statement-breakpoint
CREATE INDEX "clients_studio_last_booking_idx" ON "clients" USING btree ("studio_id",coalesce("last_booking_at", '-infinity'),"id");--> statement-breakpoint
CREATE INDEX "clients_household_idx" ON "clients" USING btree ("studio_id","household_primary_id") WHERE "clients"."household_primary_id" is not null;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_household_check" CHECK (("clients"."household_primary_id" is null) = ("clients"."household_role" is null) and "clients"."household_primary_id" <> "clients"."id");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_stats_check" CHECK ("clients"."total_bookings" >= 0);