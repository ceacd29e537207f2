CREATE TYPE "public"."billing_interval" AS ENUM('week', 'month', 'year');--> statement-breakpoint
CREATE TYPE "public"."plan_kind" AS ENUM('recurring', 'fixed', 'sessions');--> statement-breakpoint
CREATE TYPE "public"."ledger_reason" AS ENUM('purchased', 'booked_by_member', 'booked_by_staff', 'cancelled_by_member', 'cancelled_by_staff', 'converted_guest_booking', 'restore_refused_newer_pass', 'late_cancel', 'forfeited_on_extension', 'adjusted_by_staff', 'expired');--> statement-breakpoint
CREATE TYPE "public"."membership_source" AS ENUM('staff', 'purchase', 'embed', 'import', 'api');--> statement-breakpoint
CREATE TYPE "public"."membership_status" AS ENUM('active', 'past_due', 'suspended', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('cash', 'bank', 'card_terminal', 'stripe', 'paypal');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('due', 'paid', 'failed', 'void');--> statement-breakpoint
CREATE TABLE "membership_plans" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" "plan_kind" NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"interval" "billing_interval",
	"booking_limit_per_period" integer,
	"duration_days" integer,
	"sessions" integer,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"member_only_access" boolean DEFAULT false NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_plans_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_plans_price_check" CHECK ("membership_plans"."price_cents" >= 0),
	CONSTRAINT "membership_plans_kind_check" CHECK (("membership_plans"."kind" = 'recurring' and "membership_plans"."interval" is not null and "membership_plans"."sessions" is null)
       or ("membership_plans"."kind" = 'fixed' and "membership_plans"."duration_days" > 0 and "membership_plans"."sessions" is null and "membership_plans"."interval" is null)
       or ("membership_plans"."kind" = 'sessions' and "membership_plans"."duration_days" > 0 and "membership_plans"."sessions" > 0 and "membership_plans"."interval" is null)),
	CONSTRAINT "membership_plans_limit_check" CHECK ("membership_plans"."booking_limit_per_period" is null or "membership_plans"."booking_limit_per_period" > 0)
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_pkey" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "company_clients" (
	"studio_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_clients_pkey" PRIMARY KEY("studio_id","company_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "membership_ledger" (
	"studio_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "membership_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"membership_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"reason" "ledger_reason" NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"booking_id" uuid,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "membership_ledger_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_ledger_balance_check" CHECK ("membership_ledger"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"client_id" uuid,
	"company_id" uuid,
	"status" "membership_status" DEFAULT 'active' NOT NULL,
	"source" "membership_source" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"sessions_total" integer,
	"sessions_remaining" integer,
	"suspended_from" timestamp with time zone,
	"suspended_until" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"paypal_subscription_id" text,
	"low_sessions_reminded_at" timestamp with time zone,
	"ending_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "memberships_holder_check" CHECK (("memberships"."client_id" is null) <> ("memberships"."company_id" is null)),
	CONSTRAINT "memberships_sessions_check" CHECK ("memberships"."sessions_remaining" is null or "memberships"."sessions_remaining" >= 0),
	CONSTRAINT "memberships_period_check" CHECK ("memberships"."ends_at" is null or "memberships"."ends_at" > "memberships"."starts_at"),
	CONSTRAINT "memberships_suspension_check" CHECK (("memberships"."suspended_from" is null) = ("memberships"."suspended_until" is null) and ("memberships"."suspended_until" is null or "memberships"."suspended_until" > "memberships"."suspended_from"))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"membership_id" uuid,
	"booking_id" uuid,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"method" "payment_method",
	"status" "payment_status" NOT NULL,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"description" text,
	"paid_at" timestamp with time zone,
	"stripe_payment_intent_id" text,
	"stripe_checkout_session_id" text,
	"created_by_actor_type" text NOT NULL,
	"created_by_actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount_cents" >= 0),
	CONSTRAINT "payments_refund_check" CHECK ("payments"."refunded_cents" >= 0 and "payments"."refunded_cents" <= "payments"."amount_cents"),
	CONSTRAINT "payments_paid_check" CHECK (("payments"."status" = 'paid') = ("payments"."paid_at" is not null) or "payments"."refunded_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"reason" text,
	"stripe_refund_id" text,
	"created_by_actor_type" text NOT NULL,
	"created_by_actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "refunds_amount_check" CHECK ("refunds"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "card_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "membership_plans" ADD CONSTRAINT "membership_plans_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_clients" ADD CONSTRAINT "company_clients_company_fk" FOREIGN KEY ("studio_id","company_id") REFERENCES "public"."companies"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_clients" ADD CONSTRAINT "company_clients_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_ledger" ADD CONSTRAINT "membership_ledger_membership_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_plan_fk" FOREIGN KEY ("studio_id","plan_id") REFERENCES "public"."membership_plans"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_company_fk" FOREIGN KEY ("studio_id","company_id") REFERENCES "public"."companies"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_membership_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_fk" FOREIGN KEY ("studio_id","payment_id") REFERENCES "public"."payments"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "membership_plans_studio_idx" ON "membership_plans" USING btree ("studio_id","archived_at");--> statement-breakpoint
CREATE INDEX "company_clients_client_idx" ON "company_clients" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE INDEX "membership_ledger_membership_idx" ON "membership_ledger" USING btree ("studio_id","membership_id","id");--> statement-breakpoint
CREATE INDEX "memberships_client_idx" ON "memberships" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE INDEX "memberships_company_idx" ON "memberships" USING btree ("studio_id","company_id");--> statement-breakpoint
CREATE INDEX "memberships_plan_idx" ON "memberships" USING btree ("studio_id","plan_id");--> statement-breakpoint
CREATE INDEX "memberships_due_idx" ON "memberships" USING btree ("ends_at") WHERE "memberships"."status" not in ('cancelled', 'expired');--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_client_plan_start_key" ON "memberships" USING btree ("studio_id","client_id","plan_id","starts_at") WHERE "memberships"."client_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_client_idx" ON "payments" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE INDEX "payments_membership_idx" ON "payments" USING btree ("studio_id","membership_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("studio_id","payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_card_token_key" ON "clients" USING btree ("card_token");