DROP INDEX "memberships_plan_idx";--> statement-breakpoint
CREATE INDEX "clients_erased_idx" ON "clients" USING btree ("studio_id","id") WHERE "clients"."erased_at" is not null;--> statement-breakpoint
CREATE INDEX "memberships_plan_idx" ON "memberships" USING btree ("studio_id","plan_id","client_id","starts_at","status","ends_at","suspended_from","suspended_until");