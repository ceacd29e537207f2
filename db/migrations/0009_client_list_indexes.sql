DROP INDEX "clients_studio_created_idx";--> statement-breakpoint
CREATE INDEX "clients_studio_stats_idx" ON "clients" USING btree ("studio_id","last_booking_at","total_bookings","id") WHERE "clients"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "clients_studio_created_idx" ON "clients" USING btree ("studio_id","created_at","id");