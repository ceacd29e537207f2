CREATE TYPE "public"."bulk_operation_kind" AS ENUM('message', 'import');--> statement-breakpoint
CREATE TYPE "public"."bulk_operation_status" AS ENUM('uploading', 'queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "bulk_operation_files" (
	"studio_id" uuid NOT NULL,
	"operation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "bulk_operation_files_pkey" PRIMARY KEY("studio_id","operation_id","seq")
);
--> statement-breakpoint
CREATE TABLE "bulk_operations" (
	"studio_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "bulk_operation_kind" NOT NULL,
	"status" "bulk_operation_status" NOT NULL,
	"title" text NOT NULL,
	"actor" jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"input" jsonb NOT NULL,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "bulk_operations_pkey" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "bulk_operations_counts_check" CHECK ("bulk_operations"."total" >= 0 and "bulk_operations"."done" >= 0 and "bulk_operations"."failed" >= 0)
);
--> statement-breakpoint
ALTER TABLE "bulk_operation_files" ADD CONSTRAINT "bulk_operation_files_operation_fk" FOREIGN KEY ("studio_id","operation_id") REFERENCES "public"."bulk_operations"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_operations_studio_created_idx" ON "bulk_operations" USING btree ("studio_id","created_at" DESC NULLS LAST);