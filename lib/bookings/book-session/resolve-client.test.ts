import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { clients } from "@/db/schema";
import { eraseClient } from "@/lib/clients/erase-client";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { bookSession } from "../book-session";
import { loadTarget, refuseClosedSession } from "./load-target";
import { refuseIfBooked, resolveClient } from "./resolve-client";

// Steps 1 and 2 of bookSession: what is booked, and for whom (C1, H1, S3).

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe("loadTarget and resolveClient", () => {
  it("S3: staff naming a client read the session, the client and its live booking in one go; a booked client is already_booked", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Named");
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const before = await loadTarget(owner, session.id, client.id, true);
    expect(before.named).toMatchObject({ client: { id: client.id, name: "Named", email: client.email }, live: null });
    expect(before.held).toEqual([]);
    expect(await resolveClient(owner, { clientId: client.id }, before, { create: true })).toMatchObject({
      id: client.id,
      recipient: { name: "Named" },
    });
    await refuseIfBooked(owner, before, client.id);

    const { booking } = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    const after = await loadTarget(owner, session.id, client.id, false);
    expect(after.named!.live).toBe(booking.id);
    expect(after.held).toBeUndefined();
    await expect(refuseIfBooked(owner, after, client.id)).rejects.toMatchObject({ code: "already_booked" });
    // Read without a named client (a member, or by email), the live booking is looked up.
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    await expect(
      refuseIfBooked(member, await loadTarget(member, session.id, null, true), client.id),
    ).rejects.toMatchObject({ code: "already_booked" });
  });

  it("C1: by email, the booking creates the client; a read-only question (create: false) finds it or answers nobody", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const target = await loadTarget(owner, session.id, null, true);
    const email = uniqueEmail("new");
    expect(await resolveClient(owner, { email, name: "New" }, target, { create: false })).toBeNull();
    const none = await owner.db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, email)));
    expect(none).toHaveLength(0);
    const created = await resolveClient(owner, { email: email.toUpperCase(), name: "New" }, target, { create: true });
    expect(await resolveClient(owner, { email, name: "Other name" }, target, { create: false })).toEqual(created);
  });

  it("a named client of another studio or an erased one is not found; nobody named is client_required; a member books itself", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const owner = await s.owner(T0);
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    const stranger = await makeClient(await other.owner(T0), "Stranger");
    await expect(
      resolveClient(owner, { clientId: stranger.id }, await loadTarget(owner, session.id, stranger.id, true), {
        create: true,
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const erased = await makeClient(owner, "Erased");
    await eraseClient(owner, { clientId: erased.id });
    await expect(
      resolveClient(owner, { clientId: erased.id }, await loadTarget(owner, session.id, erased.id, true), {
        create: true,
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      resolveClient(owner, {}, await loadTarget(owner, session.id, null, true), { create: true }),
    ).rejects.toMatchObject({ code: "client_required" });
    const me = await makeClient(owner, "Me");
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: me.id }, T0);
    expect(await resolveClient(member, {}, await loadTarget(member, session.id, null, true), { create: true })).toEqual(
      { id: me.id },
    );
  });

  it("B1: a cancelled or started session refuses", () => {
    const session = { cancelledAt: null, startsAt: inDays(1) } as Parameters<typeof refuseClosedSession>[0];
    expect(() => refuseClosedSession(session, T0)).not.toThrow();
    expect(() => refuseClosedSession({ ...session, cancelledAt: T0 }, T0)).toThrow(
      expect.objectContaining({ code: "session_cancelled" }),
    );
    expect(() => refuseClosedSession(session, inDays(1))).toThrow(expect.objectContaining({ code: "session_started" }));
  });
});
