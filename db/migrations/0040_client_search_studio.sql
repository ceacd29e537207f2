-- R4's search index with the studio leading (issue 20). The trigram index on client_search held every studio's
-- clients, so a search found its candidates among all of them and rechecked each: at 1,000,000 clients in a
-- database of 2,900,000, a phone's digits ("600004") gave 150,699 candidates for 668 matches (p99 92–142 ms).
-- With the studio as the index's first column (btree_gin, contrib like pg_trgm), the index intersects the studio
-- with the trigrams itself: 7,819 candidates, 14–19 ms; and the index is smaller (165 MB against 204 MB).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX "client_search_studio_text_idx" ON "client_search" USING gin ("studio_id","search_text" gin_trgm_ops);--> statement-breakpoint
DROP INDEX "client_search_text_idx";
