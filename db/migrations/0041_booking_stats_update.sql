-- R1 on a changed booking (issue 20), as 0036 did for a new one. A cancel is the commonest change, and its
-- counters cost more than the cancel itself:
--  - the first/last booking, read again when the cancelled booking was the edge, walked bookings_client_idx
--    through every cancelled booking of the client before it found a live one (a client who had cancelled 1,000
--    times read 1,000 rows twice on every cancel): the partial index below holds live bookings only, so that read
--    is one probe whatever the client's history;
--  - 0029's path gathered the change into arrays, called roster_bump_booking_stats, and unnested them again
--    there: four statements and a call. Here the change is read straight from the transition tables, in two
--    statements: the lock of the clients that lost a live booking (as 0029: the reread that follows then sees
--    every earlier writer of the same client), and the one UPDATE.
-- Inserts keep 0036's path, deletes 0029's.
CREATE INDEX "bookings_client_live_idx" ON "bookings" USING btree ("studio_id","client_id","created_at") WHERE "bookings"."status" <> 'cancelled';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_booking_stats_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A live booking counts +1 as its new row and -1 as its old one; one whose client, liveness and created_at stay
  -- as they were (attendance, a note) sums to 0 and touches no client.
  PERFORM 1
    FROM clients c
    JOIN (SELECT DISTINCT studio_id, client_id
            FROM (SELECT studio_id, id, client_id, created_at, -1 AS sg FROM old_rows WHERE status <> 'cancelled'
                  UNION ALL
                  SELECT studio_id, id, client_id, created_at, 1 FROM new_rows WHERE status <> 'cancelled') x
           GROUP BY studio_id, id, client_id, created_at
          HAVING sum(sg) < 0) k
      ON c.studio_id = k.studio_id AND c.id = k.client_id
   ORDER BY c.studio_id, c.id
     FOR NO KEY UPDATE OF c;

  UPDATE clients c
     SET total_bookings = c.total_bookings + d.n,
         first_booking_at = CASE
           WHEN d.removed_first <= c.first_booking_at THEN
             (SELECT min(b.created_at) FROM bookings b
               WHERE b.studio_id = c.studio_id AND b.client_id = c.id AND b.status <> 'cancelled')
           ELSE least(c.first_booking_at, d.added_first) END,
         last_booking_at = CASE
           WHEN d.removed_last >= c.last_booking_at THEN
             (SELECT max(b.created_at) FROM bookings b
               WHERE b.studio_id = c.studio_id AND b.client_id = c.id AND b.status <> 'cancelled')
           ELSE greatest(c.last_booking_at, d.added_last) END
    FROM (SELECT studio_id, client_id, sum(sg)::int AS n,
                 min(created_at) FILTER (WHERE sg > 0) AS added_first, max(created_at) FILTER (WHERE sg > 0) AS added_last,
                 min(created_at) FILTER (WHERE sg < 0) AS removed_first, max(created_at) FILTER (WHERE sg < 0) AS removed_last
            FROM (SELECT studio_id, client_id, created_at, sum(sg)::int AS sg
                    FROM (SELECT studio_id, id, client_id, created_at, -1 AS sg FROM old_rows WHERE status <> 'cancelled'
                          UNION ALL
                          SELECT studio_id, id, client_id, created_at, 1 FROM new_rows WHERE status <> 'cancelled') x
                   GROUP BY studio_id, id, client_id, created_at
                  HAVING sum(sg) <> 0) y
           GROUP BY studio_id, client_id) d
   WHERE c.studio_id = d.studio_id AND c.id = d.client_id;
  RETURN NULL;
END;
$$;
