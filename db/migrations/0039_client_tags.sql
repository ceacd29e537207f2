-- R4's tags beside the client (issue 20). The tag filter's capped count read every studio's holders of the tag
-- through the GIN index on clients.tags and then their rows (p99 828 ms at 1,000,000 clients), the studio's tag
-- list read all its clients, and every R1 counter rewrite of a tagged client added its tags to that index again.
-- client_tags holds one row per client and tag, copied when a client is added or its tags change; clients.tags
-- stays what the app reads and writes.
CREATE TABLE "client_tags" (
	"studio_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"client_id" uuid NOT NULL,
	CONSTRAINT "client_tags_pkey" PRIMARY KEY("studio_id","tag","client_id")
);
--> statement-breakpoint
INSERT INTO "client_tags" ("studio_id", "tag", "client_id")
  SELECT DISTINCT c."studio_id", t.tag, c."id" FROM "clients" c CROSS JOIN LATERAL unnest(c."tags") AS t(tag)
   WHERE t.tag IS NOT NULL;
--> statement-breakpoint
DROP INDEX "clients_tags_idx";--> statement-breakpoint
ALTER TABLE "client_tags" ADD CONSTRAINT "client_tags_client_fk" FOREIGN KEY ("studio_id","client_id") REFERENCES "public"."clients"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_tags_client_idx" ON "client_tags" USING btree ("studio_id","client_id");--> statement-breakpoint
-- New clients, one statement at a time (an import of thousands is one insert here).
CREATE FUNCTION roster_client_tags_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_tags (studio_id, tag, client_id)
    SELECT DISTINCT n.studio_id, t.tag, n.id FROM new_rows n CROSS JOIN LATERAL unnest(n.tags) AS t(tag)
     WHERE t.tag IS NOT NULL;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clients_tags_insert AFTER INSERT ON clients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_tags_after_insert();
--> statement-breakpoint
-- Changed tags (tagging, an edit, a merge's survivor, an erasure). The counters' rewrites leave tags as they
-- were, so the WHEN keeps them from doing anything here.
CREATE FUNCTION roster_client_tags_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM client_tags
   WHERE studio_id = NEW.studio_id AND client_id = NEW.id AND NOT (tag = ANY (coalesce(NEW.tags, '{}')));
  INSERT INTO client_tags (studio_id, tag, client_id)
    SELECT DISTINCT NEW.studio_id, t.tag, NEW.id FROM unnest(NEW.tags) AS t(tag) WHERE t.tag IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clients_tags_update AFTER UPDATE ON clients
  FOR EACH ROW WHEN (OLD.tags IS DISTINCT FROM NEW.tags)
  EXECUTE FUNCTION roster_client_tags_after_update();
