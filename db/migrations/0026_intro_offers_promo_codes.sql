CREATE TYPE "public"."promo_applies_to" AS ENUM('first', 'every');--> statement-breakpoint
CREATE TABLE "promo_codes" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"percent_off" integer,
	"amount_off_cents" integer,
	"plan_ids" uuid[] NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_client" integer,
	"applies_to" "promo_applies_to" DEFAULT 'first' NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"stripe_coupon_id" text,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promo_codes_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "promo_codes_discount_check" CHECK (("promo_codes"."percent_off" is null) <> ("promo_codes"."amount_off_cents" is null)
       and ("promo_codes"."percent_off" is null or "promo_codes"."percent_off" between 1 and 100)
       and ("promo_codes"."amount_off_cents" is null or "promo_codes"."amount_off_cents" > 0)),
	CONSTRAINT "promo_codes_uses_check" CHECK ("promo_codes"."uses" >= 0 and ("promo_codes"."max_uses" is null or "promo_codes"."uses" <= "promo_codes"."max_uses")),
	CONSTRAINT "promo_codes_limits_check" CHECK (("promo_codes"."max_uses" is null or "promo_codes"."max_uses" > 0) and ("promo_codes"."max_uses_per_client" is null or "promo_codes"."max_uses_per_client" > 0))
);
--> statement-breakpoint
CREATE TABLE "promo_redemptions" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"promo_code_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"amount_off_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promo_redemptions_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "promo_redemptions_amount_check" CHECK ("promo_redemptions"."amount_off_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "membership_plans" ADD COLUMN "new_clients_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "checkouts" ADD COLUMN "promo_code" text;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_code_fk" FOREIGN KEY ("studio_id","promo_code_id") REFERENCES "public"."promo_codes"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_redemptions" ADD CONSTRAINT "promo_redemptions_membership_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "promo_codes_code_key" ON "promo_codes" USING btree ("studio_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "promo_redemptions_membership_key" ON "promo_redemptions" USING btree ("studio_id","membership_id");--> statement-breakpoint
CREATE INDEX "promo_redemptions_client_idx" ON "promo_redemptions" USING btree ("studio_id","promo_code_id","client_id");