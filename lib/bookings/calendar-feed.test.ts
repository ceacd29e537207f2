import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { memberBookingsCalendar } from "@/app/s/[studio]/bookings/calendar.ics/ics";
import type { Studio } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { setPortalAccess } from "@/lib/clients/portal-access";
import { eraseClient } from "@/lib/clients/erase-client";
import { registerVerifiedMember } from "@/test/support/identity";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { calendarFeedContext, getCalendarToken, resetCalendarToken } from "./calendar-feed";

const T0 = new Date("2026-09-01T08:00:00Z");

async function member() {
  const s = await makeStudio();
  const { client, userId } = await registerVerifiedMember(await s.system(T0), {
    name: "Feed Person",
    email: uniqueEmail("feed"),
    password: TEST_PASSWORD,
  });
  const ctx = await s.ctx({ kind: "member", userId, clientId: client.id }, T0);
  return { s, client, ctx };
}

/** What the feed route does (app/s/[studio]/calendar/[feed]/route.ts) once it has found the studio by its slug. */
async function fetchFeed(studio: Studio, token: string) {
  const member = await calendarFeedContext(await getDb(), studio, token, T0);
  if (!member) return { status: 404, type: null, body: "" };
  const res = await memberBookingsCalendar(member);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("calendar feed by secret URL (B3, S8)", () => {
  it("a calendar app fetches the member's booked sessions with the token alone; a new link retires the old one", async () => {
    const { s, client, ctx } = await member();
    const owner = await s.owner(T0);
    const { session } = await makeSession(owner, {
      startsAt: new Date("2026-09-03T17:30:00Z"),
      title: "Evening Flow",
      dropInPriceCents: 0,
    });
    await bookSession(owner, { sessionId: session.id, clientId: client.id });

    const token = await getCalendarToken(ctx);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const feed = await fetchFeed(s.studio, token);
    expect(feed.status).toBe(200);
    expect(feed.type).toContain("text/calendar");
    expect(feed.body).toContain("DTSTART:20260903T173000Z");
    expect(feed.body).toContain("Evening Flow");

    const fresh = await resetCalendarToken(ctx);
    expect(fresh).not.toBe(token);
    expect((await fetchFeed(s.studio, token)).status).toBe(404);
    expect((await fetchFeed(s.studio, fresh)).status).toBe(200);
  });

  it("another studio's slug, a malformed token, portal access turned off (H3) and erasure (P1) all read as not found", async () => {
    const { s, client, ctx } = await member();
    const token = await getCalendarToken(ctx);
    const other = await makeStudio();
    const db = await getDb();
    expect((await fetchFeed(other.studio, token)).status).toBe(404);
    expect(await calendarFeedContext(db, s.studio, "../../etc/passwd")).toBeNull();

    await setPortalAccess(await s.owner(T0), { clientId: client.id, enabled: false });
    expect(await calendarFeedContext(db, s.studio, token, T0)).toBeNull();
    await setPortalAccess(await s.owner(T0), { clientId: client.id, enabled: true });
    expect(await calendarFeedContext(db, s.studio, token, T0)).not.toBeNull();

    await eraseClient(await s.owner(T0), { clientId: client.id });
    expect(await calendarFeedContext(db, s.studio, token, T0)).toBeNull();
  });

  it("staff have no calendar token of their own", async () => {
    const { s } = await member();
    await expect(getCalendarToken(await s.owner(T0))).rejects.toThrow();
  });
});
