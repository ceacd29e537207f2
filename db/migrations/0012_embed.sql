CREATE TABLE "embed_token_uses" (
	"studio_id" uuid NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "embed_token_uses_pkey" PRIMARY KEY("studio_id","jti")
);
--> statement-breakpoint
ALTER TABLE "studios" ADD COLUMN "embed_secret" text;--> statement-breakpoint
ALTER TABLE "embed_token_uses" ADD CONSTRAINT "embed_token_uses_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "embed_token_uses_expires_idx" ON "embed_token_uses" USING btree ("expires_at");