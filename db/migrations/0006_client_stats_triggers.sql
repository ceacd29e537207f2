-- R1: each client's booking and spend counters, kept exact by the database itself.
-- Every statement that writes bookings or payments refreshes the counters of the
-- clients it touched, inside the same transaction, so no writer (a verb, the seed,
-- an import, a merge) can forget them.
--
-- Exact under concurrency: the refresh first locks the touched client rows, then
-- recomputes from the tables in a new statement. Under READ COMMITTED that statement
-- takes a fresh snapshot after the lock is granted, so it sees every transaction that
-- refreshed the same client before it; a stale total can never be written last.
CREATE OR REPLACE FUNCTION roster_refresh_client_stats(p_studios uuid[], p_clients uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1
    FROM clients c
    JOIN (SELECT DISTINCT * FROM unnest(p_studios, p_clients) AS u(studio_id, client_id)) k
      ON c.studio_id = k.studio_id AND c.id = k.client_id
    ORDER BY c.studio_id, c.id
    FOR NO KEY UPDATE OF c;

  UPDATE clients c
     SET total_bookings = coalesce(b.total, 0),
         first_booking_at = b.first_at,
         last_booking_at = b.last_at,
         lifetime_spend_cents = coalesce(p.spend, 0)
    FROM (SELECT DISTINCT * FROM unnest(p_studios, p_clients) AS u(studio_id, client_id)) k
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS total, min(bk.created_at) AS first_at, max(bk.created_at) AS last_at
        FROM bookings bk
       WHERE bk.studio_id = k.studio_id AND bk.client_id = k.client_id AND bk.status <> 'cancelled'
    ) b ON true
    LEFT JOIN LATERAL (
      SELECT sum(py.amount_cents - py.refunded_cents)::bigint AS spend
        FROM payments py
       WHERE py.studio_id = k.studio_id AND py.client_id = k.client_id AND py.status = 'paid'
    ) p ON true
   WHERE c.studio_id = k.studio_id AND c.id = k.client_id
     AND (c.total_bookings, c.first_booking_at, c.last_booking_at, c.lifetime_spend_cents)
         IS DISTINCT FROM (coalesce(b.total, 0), b.first_at, b.last_at, coalesce(p.spend, 0));
END;
$$;
--> statement-breakpoint
-- Statement-level triggers with transition tables: a bulk write (a session cancelled,
-- a merge, the demo seed) refreshes each touched client once, set-based.
CREATE OR REPLACE FUNCTION roster_client_stats_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM roster_refresh_client_stats(array(SELECT studio_id FROM new_rows), array(SELECT client_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_client_stats_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM roster_refresh_client_stats(
    array(SELECT studio_id FROM new_rows UNION ALL SELECT studio_id FROM old_rows),
    array(SELECT client_id FROM new_rows UNION ALL SELECT client_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_client_stats_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM roster_refresh_client_stats(array(SELECT studio_id FROM old_rows), array(SELECT client_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_insert AFTER INSERT ON bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_insert();
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_update AFTER UPDATE ON bookings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_update();
--> statement-breakpoint
CREATE TRIGGER bookings_client_stats_delete AFTER DELETE ON bookings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_delete();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_insert AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_insert();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_update AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_update();
--> statement-breakpoint
CREATE TRIGGER payments_client_stats_delete AFTER DELETE ON payments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_client_stats_after_delete();
--> statement-breakpoint
-- Existing data: every client with a booking or a payment, once.
SELECT roster_refresh_client_stats(array_agg(studio_id), array_agg(client_id))
  FROM (SELECT studio_id, client_id FROM bookings UNION SELECT studio_id, client_id FROM payments) t;
