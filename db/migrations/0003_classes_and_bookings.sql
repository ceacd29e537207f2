CREATE TYPE "public"."booking_actor" AS ENUM('member', 'staff');--> statement-breakpoint
CREATE TYPE "public"."booking_status" AS ENUM('booked', 'cancelled', 'no_show');--> statement-breakpoint
CREATE TABLE "bookings" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"status" "booking_status" DEFAULT 'booked' NOT NULL,
	"membership_id" uuid,
	"session_taken" boolean DEFAULT false NOT NULL,
	"booked_by" "booking_actor" NOT NULL,
	"booked_by_actor_id" text,
	"cancelled_by" "booking_actor",
	"cancelled_at" timestamp with time zone,
	"present" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "bookings_cancel_check" CHECK (("bookings"."status" = 'cancelled') = ("bookings"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "class_sessions" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked_count" integer DEFAULT 0 NOT NULL,
	"series_id" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "class_sessions_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "class_sessions_capacity_check" CHECK ("class_sessions"."capacity" > 0 and "class_sessions"."booked_count" >= 0 and "class_sessions"."booked_count" <= "class_sessions"."capacity"),
	CONSTRAINT "class_sessions_period_check" CHECK ("class_sessions"."ends_at" > "class_sessions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"capacity" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"location" text,
	"member_only" boolean DEFAULT false NOT NULL,
	"drop_in_price_cents" integer,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classes_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "classes_capacity_check" CHECK ("classes"."capacity" > 0),
	CONSTRAINT "classes_duration_check" CHECK ("classes"."duration_minutes" > 0),
	CONSTRAINT "classes_drop_in_check" CHECK ("classes"."drop_in_price_cents" is null or "classes"."drop_in_price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "waitlist_entries_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"promoted_booking_id" uuid,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_entries_pkey" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_fk" FOREIGN KEY ("studio_id","session_id") REFERENCES "public"."class_sessions"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_membership_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_fk" FOREIGN KEY ("studio_id","class_id") REFERENCES "public"."classes"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_session_fk" FOREIGN KEY ("studio_id","session_id") REFERENCES "public"."class_sessions"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_live_key" ON "bookings" USING btree ("studio_id","session_id","client_id") WHERE "bookings"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "bookings_client_idx" ON "bookings" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE INDEX "bookings_membership_idx" ON "bookings" USING btree ("studio_id","membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "class_sessions_class_start_key" ON "class_sessions" USING btree ("studio_id","class_id","starts_at");--> statement-breakpoint
CREATE INDEX "class_sessions_studio_start_idx" ON "class_sessions" USING btree ("studio_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_entries_waiting_key" ON "waitlist_entries" USING btree ("studio_id","session_id","client_id") WHERE "waitlist_entries"."promoted_booking_id" is null and "waitlist_entries"."left_at" is null;--> statement-breakpoint
CREATE INDEX "waitlist_entries_queue_idx" ON "waitlist_entries" USING btree ("studio_id","session_id","position");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_booking_fk" FOREIGN KEY ("studio_id","booking_id") REFERENCES "public"."bookings"("studio_id","id") ON DELETE no action ON UPDATE no action;