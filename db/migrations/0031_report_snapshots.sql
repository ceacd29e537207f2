CREATE TABLE "report_people" (
	"studio_id" uuid NOT NULL,
	"figure" text NOT NULL,
	"client_id" uuid NOT NULL,
	CONSTRAINT "report_people_pkey" PRIMARY KEY("studio_id","figure","client_id")
);
--> statement-breakpoint
CREATE TABLE "report_snapshots" (
	"studio_id" uuid NOT NULL,
	"key" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"value" jsonb NOT NULL,
	"clients" integer DEFAULT 0 NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_snapshots_pkey" PRIMARY KEY("studio_id","key")
);
--> statement-breakpoint
ALTER TABLE "report_people" ADD CONSTRAINT "report_people_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_snapshots" ADD CONSTRAINT "report_snapshots_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;