CREATE TYPE "public"."form_resign" AS ENUM('everyone', 'new_clients');--> statement-breakpoint
CREATE TABLE "form_health_answers" (
	"studio_id" uuid NOT NULL,
	"signature_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	CONSTRAINT "form_health_answers_pkey" PRIMARY KEY("studio_id","signature_id")
);
--> statement-breakpoint
CREATE TABLE "form_requirements" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"plan_id" uuid,
	"class_id" uuid,
	CONSTRAINT "form_requirements_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "form_requirements_one_check" CHECK (("form_requirements"."plan_id" is null) <> ("form_requirements"."class_id" is null))
);
--> statement-breakpoint
CREATE TABLE "form_signatures" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"signer_client_id" uuid,
	"signer_user_id" uuid,
	"recorded_by_user_id" uuid,
	"full_name" text NOT NULL,
	"agreed" boolean NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_signatures_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "form_signatures_agreed_check" CHECK ("form_signatures"."agreed")
);
--> statement-breakpoint
CREATE TABLE "form_versions" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resign" "form_resign" DEFAULT 'everyone' NOT NULL,
	"published_by_user_id" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_versions_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "form_versions_version_check" CHECK ("form_versions"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "forms" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forms_pkey" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "form_health_answers" ADD CONSTRAINT "form_health_answers_signature_fk" FOREIGN KEY ("studio_id","signature_id") REFERENCES "public"."form_signatures"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_health_answers" ADD CONSTRAINT "form_health_answers_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_requirements" ADD CONSTRAINT "form_requirements_form_fk" FOREIGN KEY ("studio_id","form_id") REFERENCES "public"."forms"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_requirements" ADD CONSTRAINT "form_requirements_plan_fk" FOREIGN KEY ("studio_id","plan_id") REFERENCES "public"."membership_plans"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_requirements" ADD CONSTRAINT "form_requirements_class_fk" FOREIGN KEY ("studio_id","class_id") REFERENCES "public"."classes"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_signer_user_id_users_id_fk" FOREIGN KEY ("signer_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_form_fk" FOREIGN KEY ("studio_id","form_id") REFERENCES "public"."forms"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_version_fk" FOREIGN KEY ("studio_id","version_id") REFERENCES "public"."form_versions"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_signatures" ADD CONSTRAINT "form_signatures_signer_fk" FOREIGN KEY ("studio_id","signer_client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_versions" ADD CONSTRAINT "form_versions_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_versions" ADD CONSTRAINT "form_versions_form_fk" FOREIGN KEY ("studio_id","form_id") REFERENCES "public"."forms"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forms" ADD CONSTRAINT "forms_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_health_answers_client_idx" ON "form_health_answers" USING btree ("studio_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "form_requirements_plan_key" ON "form_requirements" USING btree ("studio_id","form_id","plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "form_requirements_class_key" ON "form_requirements" USING btree ("studio_id","form_id","class_id");--> statement-breakpoint
CREATE INDEX "form_requirements_plan_idx" ON "form_requirements" USING btree ("studio_id","plan_id");--> statement-breakpoint
CREATE INDEX "form_requirements_class_idx" ON "form_requirements" USING btree ("studio_id","class_id");--> statement-breakpoint
CREATE INDEX "form_signatures_client_idx" ON "form_signatures" USING btree ("studio_id","client_id","form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "form_versions_form_version_key" ON "form_versions" USING btree ("studio_id","form_id","version");