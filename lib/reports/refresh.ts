import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { studios } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { computeActiveMembersByMonth } from "./breakdowns";
import { computeCohorts } from "./cohorts";
import { atRiskSnapshot, computeSummary, periodPeopleSnapshot, SNAPSHOT_PEOPLE, type Figure } from "./figures";
import { resolvePeriod } from "./period";
import { dropColdSnapshots, REFRESHER, snapshotsToRefresh, snapshotted } from "./snapshots";

/**
 * The `reports.refresh` job (every 5 minutes, lib/jobs): recomputes, as of `now`, every report snapshot read in
 * the last day that is older than SNAPSHOT_REFRESH_AFTER_MS, so readers keep finding a fresh one; drops those nobody
 * read for a week. Idempotent: a snapshot another worker just refreshed is left as it is. Returns how many it
 * recomputed or found fresh.
 */
export async function refreshReportSnapshots(db: Db, now: Date): Promise<number> {
  const due = await snapshotsToRefresh(db, now);
  const rows = due.length
    ? await db
        .select()
        .from(studios)
        .where(
          inArray(
            studios.id,
            due.map((d) => d.studioId),
          ),
        )
    : [];
  const byId = new Map(rows.map((s) => [s.id, s]));
  let n = 0;
  for (const { studioId, key } of due) {
    const studio = byId.get(studioId);
    if (!studio) continue;
    const ctx: Ctx = { db, studio, actor: { kind: "system", reason: "reports refresh" }, now };
    // summary:<from>:<to>, members:<from>:<to>, cohorts:<from>:<to>, people:atRisk, people:<figure>:<from>:<to>
    const [kind, ...rest] = key.split(":");
    const figure = kind === "people" ? (rest.shift() as Figure) : null;
    const [from, to] = rest;
    if (figure === "atRisk") await atRiskSnapshot(ctx, REFRESHER);
    else if (figure && SNAPSHOT_PEOPLE.has(figure))
      await periodPeopleSnapshot(ctx, figure, resolvePeriod(ctx, { from, to }), REFRESHER);
    else if (kind === "summary" || kind === "members" || kind === "cohorts") {
      const p = resolvePeriod(ctx, { from, to });
      if (kind === "summary") await snapshotted(ctx, key, (c) => computeSummary(c, p), REFRESHER);
      else if (kind === "members") await snapshotted(ctx, key, (c) => computeActiveMembersByMonth(c, p), REFRESHER);
      else await snapshotted(ctx, key, (c) => computeCohorts(c, p), REFRESHER);
    } else continue;
    n += 1;
  }
  await dropColdSnapshots(db, now);
  return n;
}
