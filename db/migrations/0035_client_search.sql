-- R4's search beside the client (issue 20). The trigram index on clients.search_text took a new copy of the
-- row's ~40 trigrams each time R1's counters rewrote the row (every booking, cancel and payment); at 100,000
-- clients it reached 85 MB for 21 MB of live entries, and a search read 1,570 pages where 465 do. client_search
-- holds the same text, copied when a client is added or its search text changes, and nothing else writes it.
CREATE TABLE "client_search" (
	"studio_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"search_text" text NOT NULL,
	CONSTRAINT "client_search_pkey" PRIMARY KEY("studio_id","client_id")
);
--> statement-breakpoint
INSERT INTO "client_search" ("studio_id", "client_id", "search_text") SELECT "studio_id", "id", "search_text" FROM "clients";
--> statement-breakpoint
ALTER TABLE "client_search" ADD CONSTRAINT "client_search_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_search_text_idx" ON "client_search" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
DROP INDEX "clients_search_idx";--> statement-breakpoint
-- New clients, one statement at a time (an import of thousands is one insert here, not thousands).
CREATE FUNCTION roster_client_search_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_search (studio_id, client_id, search_text) SELECT studio_id, id, search_text FROM new_rows;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clients_search_insert AFTER INSERT ON clients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_search_after_insert();
--> statement-breakpoint
-- A changed name, email or phone (an edit, an erasure, a merge's survivor). The counters' rewrites leave
-- search_text as it was, so the WHEN keeps them from doing anything here.
CREATE FUNCTION roster_client_search_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE client_search SET search_text = NEW.search_text WHERE studio_id = NEW.studio_id AND client_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clients_search_update AFTER UPDATE ON clients
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION roster_client_search_after_update();
