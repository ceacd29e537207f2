CREATE TYPE "public"."checkout_kind" AS ENUM('membership', 'drop_in');--> statement-breakpoint
CREATE TYPE "public"."checkout_status" AS ENUM('open', 'completed', 'expired');--> statement-breakpoint
CREATE TABLE "checkouts" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" "checkout_kind" NOT NULL,
	"plan_id" uuid,
	"class_session_id" uuid,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"status" "checkout_status" DEFAULT 'open' NOT NULL,
	"stripe_checkout_session_id" text,
	"membership_id" uuid,
	"booking_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "checkouts_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "checkouts_what_check" CHECK (("checkouts"."kind" = 'membership') = ("checkouts"."plan_id" is not null) and ("checkouts"."kind" = 'drop_in') = ("checkouts"."class_session_id" is not null)),
	CONSTRAINT "checkouts_amount_check" CHECK ("checkouts"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_accounts" (
	"studio_id" uuid PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"charges_enabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"account" text,
	"studio_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "stripe_customer_id" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "current_period_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_plan_fk" FOREIGN KEY ("studio_id","plan_id") REFERENCES "public"."membership_plans"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_session_fk" FOREIGN KEY ("studio_id","class_session_id") REFERENCES "public"."class_sessions"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_membership_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_booking_fk" FOREIGN KEY ("studio_id","booking_id") REFERENCES "public"."bookings"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_accounts" ADD CONSTRAINT "stripe_accounts_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_stripe_session_key" ON "checkouts" USING btree ("stripe_checkout_session_id");--> statement-breakpoint
CREATE INDEX "checkouts_client_idx" ON "checkouts" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_accounts_account_key" ON "stripe_accounts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "stripe_events_studio_idx" ON "stripe_events" USING btree ("studio_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_stripe_subscription_key" ON "memberships" USING btree ("studio_id","stripe_subscription_id") WHERE "memberships"."stripe_subscription_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_stripe_intent_key" ON "payments" USING btree ("studio_id","stripe_payment_intent_id") WHERE "payments"."stripe_payment_intent_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_stripe_refund_key" ON "refunds" USING btree ("studio_id","stripe_refund_id") WHERE "refunds"."stripe_refund_id" is not null;