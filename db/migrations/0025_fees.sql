CREATE TYPE "public"."payment_fee" AS ENUM('late_cancel', 'no_show');--> statement-breakpoint
ALTER TABLE "studios" ALTER COLUMN "settings" SET DEFAULT '{"noRestoreAfterNewPass":false,"lateCancelHours":0,"embedOrigins":[],"sessionReminderHours":24,"bookingOpensDaysBefore":null,"bookingClosesMinutesBefore":0,"waitlistCutoffHours":null,"lateCancelPolicy":{"kind":"forfeit"},"noShowPolicy":{"kind":"forfeit"}}'::jsonb;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "stripe_payment_method_id" text;--> statement-breakpoint
ALTER TABLE "membership_plans" ADD COLUMN "late_cancel_policy" jsonb;--> statement-breakpoint
ALTER TABLE "membership_plans" ADD COLUMN "no_show_policy" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "fee" "payment_fee";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "fee_waived_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_booking_fee_key" ON "payments" USING btree ("studio_id","booking_id","fee") WHERE "payments"."fee" is not null;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_fee_booking_check" CHECK ("payments"."fee" is null or "payments"."booking_id" is not null);