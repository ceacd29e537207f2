ALTER TYPE "public"."message_status" ADD VALUE 'queued';--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "props" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_studio_key_idx" ON "messages" USING btree ("studio_id","key");--> statement-breakpoint
UPDATE "messages" SET "attempts" = 1, "sent_at" = CASE WHEN "status" = 'sent' THEN "created_at" END WHERE "status" IN ('sent', 'failed');
