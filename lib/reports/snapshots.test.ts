import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { bookings, classes, classSessions, clients, payments, reportPeople } from "@/db/schema";
import { listClients } from "@/lib/crm/list-clients";
import { makeReportStudio, NOW, type ReportWorld } from "@/test/support/report-fixtures";
import { activeMembersByMonth, getCohorts, getReportSummary } from "./index";
import { atRiskSnapshot } from "./figures";
import { refreshReportSnapshots } from "./refresh";
import { SNAPSHOT_FRESH_MS, SNAPSHOT_REFRESH_AFTER_MS, snapshotsToRefresh } from "./snapshots";

/**
 * R9 speed (issue 17): reports are served from snapshots at most SNAPSHOT_FRESH_MS old and refreshed by the
 * `reports.refresh` job. Each test has its own studio and reads at its own instants after NOW.
 */
const OCTOBER = { from: "2026-10-01", to: "2026-10-31" };
const later = (ms: number) => new Date(NOW.getTime() + ms);

let w: ReportWorld;
beforeEach(async () => {
  w = await makeReportStudio();
  // This hand-built studio has a dozen clients; here every report is served from its snapshot, as a studio chain's
  // are (ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS, default 20,000), except where a test says otherwise.
  process.env.ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS = "0";
});
afterEach(() => {
  delete process.env.ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS;
});

async function payInOctober(cents: number): Promise<void> {
  const db = await getDb();
  const [someone] = await db.select().from(clients).where(eq(clients.studioId, w.s.studio.id)).limit(1);
  await db.insert(payments).values({
    studioId: w.s.studio.id,
    clientId: someone!.id,
    amountCents: cents,
    currency: "EUR",
    status: "paid",
    method: "cash",
    createdByActorType: "system",
    paidAt: new Date("2026-10-15T10:00:00Z"),
  });
}

/** Books `clientId` into a one-hour session of its own starting at `startsAt` (the booking made at `madeAt`). */
async function bookInSession(clientId: string, startsAt: Date, madeAt?: Date): Promise<void> {
  const db = await getDb();
  const studioId = w.s.studio.id;
  const [cls] = await db.select().from(classes).where(eq(classes.studioId, studioId)).limit(1);
  const [session] = await db
    .insert(classSessions)
    .values({ studioId, classId: cls!.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), capacity: 10 })
    .returning();
  await db
    .insert(bookings)
    .values({ studioId, sessionId: session!.id, clientId, bookedBy: "staff", ...(madeAt && { createdAt: madeAt }) });
}

const idOf = (name: string) => [...w.names].find(([, n]) => n === name)![0];

/** Books `name` into a session a week after NOW: they have something booked, so they are no longer at risk. */
const bookAhead = (name: string) => bookInSession(idOf(name), later(7 * 86_400_000));

/** `name` attended a class on 20 October (a session of its own, over by NOW). */
const attendOctober = (name: string) => bookInSession(idOf(name), new Date("2026-10-20T08:00:00Z"));

async function figureNames(figure: "atRisk" | "attendance", at: Date): Promise<string[]> {
  const page = await listClients(await w.s.owner(at), { figure, ...OCTOBER, limit: 200 });
  return page.data.map((c) => w.names.get(c.id)!).sort();
}

const atRiskNames = (at: Date) => figureNames("atRisk", at);
const ATTENDED_OCTOBER = ["Ann", "Dan", "Fay", "Gus", "Hal", "Ivy", "Lea"];

async function peopleRows(): Promise<number> {
  const db = await getDb();
  return (await db.select().from(reportPeople).where(eq(reportPeople.studioId, w.s.studio.id))).length;
}

describe("R9 report snapshots", () => {
  it("R9: within SNAPSHOT_FRESH_MS a summary is served as of its snapshot; after it, recomputed with what changed", async () => {
    const first = await getReportSummary(await w.s.owner(NOW), OCTOBER);
    expect(first.asOf).toBe(NOW.toISOString());
    await payInOctober(1234);

    const soon = await getReportSummary(await w.s.owner(later(SNAPSHOT_FRESH_MS - 1000)), OCTOBER);
    expect(soon).toEqual(first); // the same figures, as of NOW: the page says so

    const fresh = await getReportSummary(await w.s.owner(later(SNAPSHOT_FRESH_MS + 1000)), OCTOBER);
    expect(fresh.asOf).toBe(later(SNAPSHOT_FRESH_MS + 1000).toISOString());
    expect(fresh.revenueCents).toBe(first.revenueCents + 1234);
    expect(fresh.revenueBySource.other).toBe(first.revenueBySource.other + 1234);
  });

  it("R9: a studio under 20,000 clients is counted afresh on every read: a sale shows at once", async () => {
    delete process.env.ROSTER_REPORT_SNAPSHOT_MIN_CLIENTS; // the default, 20,000: this studio has a dozen
    const first = await getReportSummary(await w.s.owner(NOW), OCTOBER);
    await payInOctober(700);
    await bookAhead("Hal");
    const next = await getReportSummary(await w.s.owner(later(1000)), OCTOBER);
    expect(next.asOf).toBe(later(1000).toISOString());
    expect(next.revenueCents).toBe(first.revenueCents + 700);
    expect(next.atRisk).toBe(first.atRisk - 1);
    expect(await atRiskNames(later(2000))).toEqual(["Kim"]);
    await attendOctober("Kim");
    expect(await figureNames("attendance", later(3000))).toEqual([...ATTENDED_OCTOBER, "Kim"].sort());
    // Its people are read from the tables: no rows written for them, none rewritten on each read.
    expect(await peopleRows()).toBe(0);
    // Nothing worth refreshing: the job leaves this studio alone.
    const due = await snapshotsToRefresh(await getDb(), later(SNAPSHOT_REFRESH_AFTER_MS + 5000));
    expect(due.filter((d) => d.studioId === w.s.studio.id)).toEqual([]);
  });

  it("R9: the at-risk tile and the list behind it are one snapshot: they agree, and both move together", async () => {
    const summary = await getReportSummary(await w.s.owner(NOW), OCTOBER);
    expect(await atRiskNames(NOW)).toEqual(["Hal", "Kim"]);
    expect(summary.atRisk).toBe(2);

    await bookAhead("Hal");
    expect(await atRiskNames(later(60_000))).toEqual(["Hal", "Kim"]); // still the snapshot of NOW
    const at = later(SNAPSHOT_FRESH_MS + 1000);
    expect(await atRiskNames(at)).toEqual(["Kim"]);
    expect((await getReportSummary(await w.s.owner(at), OCTOBER)).atRisk).toBe(1);
  });

  it("R9: at a large studio the people behind attendance are a snapshot too, refreshed by the job", async () => {
    expect(await figureNames("attendance", NOW)).toEqual(ATTENDED_OCTOBER);
    expect(await peopleRows()).toBe(ATTENDED_OCTOBER.length);
    await attendOctober("Kim");
    expect(await figureNames("attendance", later(60_000))).toEqual(ATTENDED_OCTOBER); // still the snapshot of NOW

    const run = later(SNAPSHOT_REFRESH_AFTER_MS + 1000);
    expect(await refreshReportSnapshots(await getDb(), run)).toBe(1);
    expect(await figureNames("attendance", new Date(run.getTime() + 1000))).toEqual(
      [...ATTENDED_OCTOBER, "Kim"].sort(),
    );
    // Another period is another snapshot; the first one is left as it is.
    const september = await listClients(await w.s.owner(run), {
      figure: "attendance",
      from: "2026-09-01",
      to: "2026-09-30",
    });
    expect(september.data.map((c) => w.names.get(c.id))).toEqual(["Ann"]);
    expect(await peopleRows()).toBe(ATTENDED_OCTOBER.length + 2);
  });

  it("R10: cohorts are served from their snapshot too, and the refresh job recomputes them", async () => {
    const first = await getCohorts(await w.s.owner(NOW), OCTOBER);
    expect(first).toEqual([{ cohort: "2026-10", size: 5, active: [1] }]);
    // A new client whose first booking was made on 20 October joins October's cohort.
    const db = await getDb();
    const studioId = w.s.studio.id;
    const [zed] = await db.insert(clients).values({ studioId, name: "Zed", source: "staff" }).returning();
    await bookInSession(zed!.id, new Date("2026-10-21T08:00:00Z"), new Date("2026-10-20T10:00:00Z"));
    expect(await getCohorts(await w.s.owner(later(60_000)), OCTOBER)).toEqual(first);

    const run = later(SNAPSHOT_REFRESH_AFTER_MS + 1000);
    expect(await refreshReportSnapshots(db, run)).toBe(1);
    expect(await getCohorts(await w.s.owner(new Date(run.getTime() + 1000)), OCTOBER)).toEqual([
      { cohort: "2026-10", size: 6, active: [1] },
    ]);
  });

  it("R9: the refresh job recomputes what was read, as of its run, so the next reader finds it fresh", async () => {
    await getReportSummary(await w.s.owner(NOW), OCTOBER);
    const members = await activeMembersByMonth(await w.s.owner(NOW), OCTOBER);
    await payInOctober(500);
    await bookAhead("Kim");

    const run = later(SNAPSHOT_REFRESH_AFTER_MS + 1000);
    expect(await refreshReportSnapshots(await getDb(), run)).toBeGreaterThanOrEqual(3);

    // A reader just after the run (and long after NOW) is served the job's snapshots, with the changes.
    const reader = new Date(run.getTime() + SNAPSHOT_FRESH_MS - 1000);
    const s = await getReportSummary(await w.s.owner(reader), OCTOBER);
    expect(s.asOf).toBe(run.toISOString());
    expect(s.atRisk).toBe(1);
    expect(await atRiskNames(reader)).toEqual(["Hal"]);
    expect(await activeMembersByMonth(await w.s.owner(reader), OCTOBER)).toEqual(members);

    // A second run in the same minute finds nothing old enough to recompute for this studio.
    const db = await getDb();
    const before = await db.select().from(reportPeople).where(eq(reportPeople.studioId, w.s.studio.id));
    await refreshReportSnapshots(db, run);
    expect(await db.select().from(reportPeople).where(eq(reportPeople.studioId, w.s.studio.id))).toEqual(before);
  });

  it("R9: several readers asking for the people snapshot at once all get it, and it holds each client once", async () => {
    const ctx = await w.s.owner(NOW);
    const got = await Promise.all(Array.from({ length: 6 }, () => atRiskSnapshot(ctx)));
    expect(got.map((g) => g.value)).toEqual([2, 2, 2, 2, 2, 2]);
    const db = await getDb();
    const rows = await db
      .select()
      .from(reportPeople)
      .where(and(eq(reportPeople.studioId, w.s.studio.id), eq(reportPeople.figure, "atRisk")));
    expect(rows).toHaveLength(2);
  });

  it("R9: a snapshot of another studio is never served (T2: another studio's reports are not ours)", async () => {
    const mine = await getReportSummary(await w.s.owner(NOW), OCTOBER);
    const other = await makeReportStudio();
    await payInOctober(999); // into w's studio, after its snapshot
    const theirs = await getReportSummary(await other.s.owner(later(1000)), OCTOBER);
    expect(theirs.asOf).toBe(later(1000).toISOString()); // computed for them, not served from ours
    expect(theirs.revenueCents).toBe(mine.revenueCents);
    expect((await atRiskNames(later(1000))).length).toBe(2);
  });
});
