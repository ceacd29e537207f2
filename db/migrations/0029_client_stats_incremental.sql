-- R1, kept incrementally (issue 20): each write of bookings or payments moves the
-- counters of the clients it touched by what it changed, instead of recounting
-- their whole history (0006). O(1) per booking, whatever the client's past.
--
--  - total_bookings and lifetime_spend_cents move by the statement's net delta
--    (`x = x + d` in one UPDATE: under READ COMMITTED an UPDATE waiting on a
--    concurrent writer's row lock re-reads the row it then changes, so no count
--    is ever lost);
--  - first/last_booking_at widen with least/greatest when bookings are added;
--    when a live booking at the edge goes (cancelled, deleted, moved to another
--    client), that edge is read again, one probe of bookings_client_idx
--    (studio_id, client_id, created_at). Those clients' rows are locked first,
--    in a statement of their own, so the read that follows takes a snapshot
--    after every earlier writer of the same client committed (as 0006 did).
--
-- The same columns (and so the clients list's sort indexes) as before;
-- roster_refresh_client_stats (the recount) stays for repairs.
CREATE OR REPLACE FUNCTION roster_bump_booking_stats(
  p_studios uuid[], p_clients uuid[], p_signs int[], p_ats timestamptz[]
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF -1 = ANY (p_signs) THEN
    PERFORM 1
      FROM clients c
      JOIN (SELECT DISTINCT s, cl FROM unnest(p_studios, p_clients, p_signs) AS u(s, cl, sg) WHERE sg < 0) k
        ON c.studio_id = k.s AND c.id = k.cl
     ORDER BY c.studio_id, c.id
       FOR NO KEY UPDATE OF c;
  END IF;

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
    FROM (SELECT s, cl, sum(sg)::int AS n,
                 min(at) FILTER (WHERE sg > 0) AS added_first, max(at) FILTER (WHERE sg > 0) AS added_last,
                 min(at) FILTER (WHERE sg < 0) AS removed_first, max(at) FILTER (WHERE sg < 0) AS removed_last
            FROM unnest(p_studios, p_clients, p_signs, p_ats) AS u(s, cl, sg, at)
           GROUP BY s, cl) d
   WHERE c.studio_id = d.s AND c.id = d.cl;
END;
$$;
--> statement-breakpoint
-- Bookings: a live (not cancelled) row counts +1 when it appears and -1 when it goes; an update that leaves a
-- booking's client, liveness and created_at as they were (attendance, a note) touches no client at all.
CREATE OR REPLACE FUNCTION roster_booking_stats_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_g int[]; v_a timestamptz[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg(1), array_agg(created_at) INTO v_s, v_c, v_g, v_a
    FROM new_rows WHERE status <> 'cancelled';
  IF v_s IS NOT NULL THEN PERFORM roster_bump_booking_stats(v_s, v_c, v_g, v_a); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_booking_stats_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_g int[]; v_a timestamptz[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg(sg), array_agg(created_at) INTO v_s, v_c, v_g, v_a
    FROM (SELECT studio_id, client_id, created_at, sum(sg)::int AS sg
            FROM (SELECT studio_id, id, client_id, created_at, -1 AS sg FROM old_rows WHERE status <> 'cancelled'
                  UNION ALL
                  SELECT studio_id, id, client_id, created_at, 1 FROM new_rows WHERE status <> 'cancelled') x
           GROUP BY studio_id, id, client_id, created_at
          HAVING sum(sg) <> 0) y;
  IF v_s IS NOT NULL THEN PERFORM roster_bump_booking_stats(v_s, v_c, v_g, v_a); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_booking_stats_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_g int[]; v_a timestamptz[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg(-1), array_agg(created_at) INTO v_s, v_c, v_g, v_a
    FROM old_rows WHERE status <> 'cancelled';
  IF v_s IS NOT NULL THEN PERFORM roster_bump_booking_stats(v_s, v_c, v_g, v_a); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Payments: lifetime spend moves by the paid amount (net of refunds) the statement added and removed.
CREATE OR REPLACE FUNCTION roster_bump_spend(p_studios uuid[], p_clients uuid[], p_cents bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clients c
     SET lifetime_spend_cents = c.lifetime_spend_cents + d.cents
    FROM (SELECT s, cl, sum(v)::bigint AS cents FROM unnest(p_studios, p_clients, p_cents) AS u(s, cl, v)
           GROUP BY s, cl HAVING sum(v) <> 0) d
   WHERE c.studio_id = d.s AND c.id = d.cl;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_payment_stats_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_v bigint[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg((amount_cents - refunded_cents)::bigint) INTO v_s, v_c, v_v
    FROM new_rows WHERE status = 'paid' AND client_id IS NOT NULL AND amount_cents <> refunded_cents;
  IF v_s IS NOT NULL THEN PERFORM roster_bump_spend(v_s, v_c, v_v); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_payment_stats_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_v bigint[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg(v) INTO v_s, v_c, v_v
    FROM (SELECT studio_id, client_id, -(amount_cents - refunded_cents)::bigint AS v
            FROM old_rows WHERE status = 'paid' AND client_id IS NOT NULL
          UNION ALL
          SELECT studio_id, client_id, (amount_cents - refunded_cents)::bigint
            FROM new_rows WHERE status = 'paid' AND client_id IS NOT NULL) x
   WHERE v <> 0;
  IF v_s IS NOT NULL THEN PERFORM roster_bump_spend(v_s, v_c, v_v); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_payment_stats_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v_s uuid[]; v_c uuid[]; v_v bigint[];
BEGIN
  SELECT array_agg(studio_id), array_agg(client_id), array_agg(-(amount_cents - refunded_cents)::bigint) INTO v_s, v_c, v_v
    FROM old_rows WHERE status = 'paid' AND client_id IS NOT NULL AND amount_cents <> refunded_cents;
  IF v_s IS NOT NULL THEN PERFORM roster_bump_spend(v_s, v_c, v_v); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER bookings_client_stats_insert ON bookings;
--> statement-breakpoint
DROP TRIGGER bookings_client_stats_update ON bookings;
--> statement-breakpoint
DROP TRIGGER bookings_client_stats_delete ON bookings;
--> statement-breakpoint
DROP TRIGGER payments_client_stats_insert ON payments;
--> statement-breakpoint
DROP TRIGGER payments_client_stats_update ON payments;
--> statement-breakpoint
DROP TRIGGER payments_client_stats_delete ON payments;
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_insert AFTER INSERT ON bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_booking_stats_after_insert();
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_update AFTER UPDATE ON bookings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_booking_stats_after_update();
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_delete AFTER DELETE ON bookings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_booking_stats_after_delete();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_insert AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_payment_stats_after_insert();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_update AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_payment_stats_after_update();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_delete AFTER DELETE ON payments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_payment_stats_after_delete();
--> statement-breakpoint
-- Start from exact counters, whatever wrote them before.
SELECT roster_refresh_client_stats(array_agg(studio_id), array_agg(client_id))
  FROM (SELECT studio_id, client_id FROM bookings UNION SELECT studio_id, client_id FROM payments) t;
