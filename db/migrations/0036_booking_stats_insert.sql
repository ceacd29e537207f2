-- R1 on a new booking in one statement (issue 20). 0029's insert trigger gathered the new rows into arrays and
-- passed them to roster_bump_booking_stats, which unnested and grouped them again: three statements and a
-- function call for what is, on an insert, only additions. Adding never needs the lock-then-reread that a
-- removal needs (0029), so the counters move in one UPDATE straight from the new rows: the total by their
-- count, the first and last booking widened with least/greatest (which skip NULL, a client's first booking).
-- Updates and deletes keep 0029's path.
CREATE OR REPLACE FUNCTION roster_booking_stats_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clients c
     SET total_bookings = c.total_bookings + d.n,
         first_booking_at = least(c.first_booking_at, d.first_at),
         last_booking_at = greatest(c.last_booking_at, d.last_at)
    FROM (SELECT studio_id, client_id, count(*)::int AS n, min(created_at) AS first_at, max(created_at) AS last_at
            FROM new_rows WHERE status <> 'cancelled'
           GROUP BY studio_id, client_id) d
   WHERE c.studio_id = d.studio_id AND c.id = d.client_id;
  RETURN NULL;
END;
$$;
