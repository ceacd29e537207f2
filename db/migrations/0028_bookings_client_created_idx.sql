DROP INDEX "bookings_client_idx";--> statement-breakpoint
CREATE INDEX "bookings_client_idx" ON "bookings" USING btree ("studio_id","client_id","created_at");