DROP INDEX "client_notes_client_idx";--> statement-breakpoint
ALTER TABLE "client_notes" ALTER COLUMN "author_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "client_notes" ADD COLUMN "author_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "client_notes" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "client_notes" ADD CONSTRAINT "client_notes_api_key_fk" FOREIGN KEY ("studio_id","author_api_key_id") REFERENCES "public"."api_keys"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_notes_client_idx" ON "client_notes" USING btree ("studio_id","client_id","created_at");--> statement-breakpoint
ALTER TABLE "client_notes" ADD CONSTRAINT "client_notes_author_check" CHECK (("client_notes"."author_user_id" is null) <> ("client_notes"."author_api_key_id" is null));