ALTER TYPE "public"."staff_role" ADD VALUE 'manager' BEFORE 'instructor';--> statement-breakpoint
ALTER TYPE "public"."staff_role" ADD VALUE 'front_desk' BEFORE 'instructor';--> statement-breakpoint
CREATE TABLE "staff_invitations" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_user_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by_user_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_invitations_pkey" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "instructor_id" uuid;--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "instructor_id" uuid;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invitations_token_key" ON "staff_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "staff_invitations_studio_email_idx" ON "staff_invitations" USING btree ("studio_id","email");--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_instructor_fk" FOREIGN KEY ("studio_id","instructor_id") REFERENCES "public"."staff"("studio_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_instructor_fk" FOREIGN KEY ("studio_id","instructor_id") REFERENCES "public"."staff"("studio_id","user_id") ON DELETE no action ON UPDATE no action;