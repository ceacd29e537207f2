import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as bookingsRoute from "@/app/api/v1/bookings/route";
import * as waitlistRoute from "@/app/api/v1/sessions/[id]/waitlist/route";
import { bookings, clients, waitlistEntries } from "@/db/schema";
import { call, keyFor } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { bookSession } from "./book-session";
import { ONE_CLIENT_MESSAGE } from "./book-session/resolve-client";
import { canBook } from "./can-book";
import { joinWaitlist } from "./waitlist";

// The rule "exactly one of clientId or email" is the verbs' (STYLE Dec 2026 #3): the API, the dashboard and the
// verbs answer alike, and a member (who books itself) is the one caller that may name nobody.

const DAY = 86_400_000;

describe("a booking names exactly one of clientId or email, at every door", () => {
  it("staff, an API key and the system: neither or both is invalid input beside clientId, nothing written", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const client = await makeClient(owner, "Cora Client");
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + DAY) });
    const email = uniqueEmail("both");
    for (const ctx of [owner, await s.system()]) {
      for (const who of [{}, { clientId: client.id, email }, { name: "No Email" }]) {
        await expect(bookSession(ctx, { sessionId: session.id, ...who }), JSON.stringify(who)).rejects.toMatchObject({
          code: "invalid_input",
        });
      }
      await expect(bookSession(ctx, { sessionId: session.id })).rejects.toMatchObject({
        message: `clientId: ${ONE_CLIENT_MESSAGE}`,
        fields: { clientId: [ONE_CLIENT_MESSAGE] },
      });
      await expect(canBook(ctx, { sessionId: session.id, clientId: client.id, email })).rejects.toMatchObject({
        fields: { clientId: [ONE_CLIENT_MESSAGE] },
      });
      await expect(joinWaitlist(ctx, { sessionId: session.id })).rejects.toMatchObject({
        fields: { clientId: [ONE_CLIENT_MESSAGE] },
      });
    }
    // The API answers with the verb's own message (API.md: 400 invalid_input).
    const key = await keyFor(s);
    for (const body of [{ sessionId: session.id }, { sessionId: session.id, clientId: client.id, email }]) {
      const r = await call(bookingsRoute.POST, { key, method: "POST", body });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: "invalid_input" });
      expect(JSON.stringify(r.body)).toContain(ONE_CLIENT_MESSAGE);
    }
    const w = await call(waitlistRoute.POST, { key, method: "POST", params: { id: session.id }, body: {} });
    expect(w.status).toBe(400);
    expect(JSON.stringify(w.body)).toContain(ONE_CLIENT_MESSAGE);

    const booked = await owner.db.select().from(bookings).where(eq(bookings.sessionId, session.id));
    const waiting = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.sessionId, session.id));
    const created = await owner.db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, email)));
    expect([booked, waiting, created]).toEqual([[], [], []]);

    // Exactly one is a booking.
    await expect(bookSession(owner, { sessionId: session.id, clientId: client.id })).resolves.toMatchObject({
      booking: { clientId: client.id },
    });
  });

  it("a member names nobody (itself) or a clientId, never an email as well", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const client = await makeClient(owner, "Mia Member");
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + DAY) });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id });
    await expect(
      bookSession(member, { sessionId: session.id, clientId: client.id, email: uniqueEmail("x") }),
    ).rejects.toMatchObject({ fields: { clientId: [ONE_CLIENT_MESSAGE] } });
    await expect(bookSession(member, { sessionId: session.id })).resolves.toMatchObject({
      booking: { clientId: client.id },
    });
  });
});
