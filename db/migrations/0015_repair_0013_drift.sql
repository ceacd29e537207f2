-- Repairs a drift (issue 15). 0013 was edited after it landed: databases migrated with the original file have
-- waitlist_entries_promoted_booking_fk DEFERRABLE INITIALLY DEFERRED, databases migrated since have it NOT DEFERRABLE.
-- NOT DEFERRABLE is the right form: promoteFromWaitlist (lib/bookings/waitlist.ts, B4) sets promoted_booking_id only
-- after bookSession has inserted that booking, so the key can be checked at once, on the statement that breaks it.
-- The ledger's booking key stays DEFERRABLE INITIALLY DEFERRED: bookSession (lib/bookings/book-session.ts, S1, S3)
-- writes the pack's ledger row naming the booking before it inserts the booking, and the key is checked at commit.
-- Both statements are no-ops on a database that already has the right form, so every database ends up identical
-- (test/migrations/upgrade.test.ts compares the catalogs of an upgraded and a fresh database).
ALTER TABLE "waitlist_entries" ALTER CONSTRAINT "waitlist_entries_promoted_booking_fk" NOT DEFERRABLE;--> statement-breakpoint
ALTER TABLE "membership_ledger" ALTER CONSTRAINT "membership_ledger_booking_fk" DEFERRABLE INITIALLY DEFERRED;
