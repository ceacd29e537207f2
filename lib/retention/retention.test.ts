import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookings, clients, messages, retentionSends } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError } from "@/lib/core/errors";
import { eraseClient } from "@/lib/clients";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { mailText } from "@/test/support/mail-text";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import {
  listClientRetentionSends,
  listRetentionFlows,
  previewRetentionAudience,
  unsubscribeByToken,
  updateRetentionFlow,
} from "./index";
import { runRetentionFlows, unsubscribeToken, verifyUnsubscribeToken } from "./internal";

const DAY = 86_400_000;
const NOW = new Date("2026-11-10T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let savedAppUrl: string | undefined;
beforeAll(() => {
  savedAppUrl = process.env.APP_URL;
  process.env.APP_URL = "https://roster.example.test";
});
afterAll(() => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
});

async function client(ctx: Ctx, name: string, consent = true): Promise<string> {
  const { client: c } = await findOrCreateClient(ctx, {
    name,
    email: uniqueEmail("c"),
    marketingConsent: consent,
    source: "staff",
  });
  return c.id;
}

/** Bookings made at the given instants (R1's triggers keep the client's counters). */
async function book(ctx: Ctx, clientId: string, ...when: Date[]) {
  for (const at of when) {
    const { session } = await makeSession(ctx, { startsAt: new Date(at.getTime() + DAY) });
    await ctx.db.insert(bookings).values({
      studioId: ctx.studio.id,
      sessionId: session.id,
      clientId,
      bookedBy: "staff",
      createdAt: at,
    });
  }
}

async function switchOn(s: TestStudio, flow: "welcome" | "growing" | "winback", enabled = true) {
  const flows = await listRetentionFlows(await s.owner(NOW));
  const f = flows.find((x) => x.flow === flow)!;
  await updateRetentionFlow(await s.owner(NOW), { flow, enabled, subject: f.subject, body: f.body });
}

async function mailsOf(s: TestStudio, kind = "retention_message") {
  const ctx = await s.owner();
  return ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, kind)));
}

const run = async (s: TestStudio, now = NOW) =>
  runRetentionFlows((await s.owner()).db, now, { flows: ["welcome", "growing", "winback"], studioId: s.studio.id });

describe("retention automations (C2, R1, R2, J1)", () => {
  it("welcome: a first booking in the last days, once per client; off by default", async () => {
    const s = await makeStudio({ name: "Lotus Yoga" });
    const ctx = await s.owner(NOW);
    const ana = await client(ctx, "Ana Nowak");
    const old = await client(ctx, "Olga Old");
    await book(ctx, ana, ago(1));
    await book(ctx, old, ago(40));
    expect(await run(s)).toBe(0); // off until switched on

    expect(await previewRetentionAudience(ctx, { flow: "welcome" })).toEqual({
      count: 1,
      names: ["Ana Nowak"],
      linksConfigured: true,
    });
    await switchOn(s, "welcome");
    expect(await run(s)).toBe(1);
    expect(await run(s)).toBe(0); // a second run sends nothing twice

    const [m] = await mailsOf(s);
    expect(m!.clientId).toBe(ana);
    expect(m!.subject).toBe("Welcome to Lotus Yoga, Ana");
    const text = await mailText(m);
    expect(text).toContain("Hi Ana,");
    expect(text).toContain("https://roster.example.test/s/");
    expect((await previewRetentionAudience(ctx, { flow: "welcome" })).count).toBe(0);
    const sends = await listClientRetentionSends(ctx, ana);
    expect(sends.map((x) => [x.flow, x.subject])).toEqual([["welcome", "Welcome to Lotus Yoga, Ana"]]);
  });

  it("growing: the nudge at the 3rd booking, once; the owner's template and placeholders", async () => {
    const s = await makeStudio({ name: "Core Club" });
    const ctx = await s.owner(NOW);
    const two = await client(ctx, "Tomasz Two");
    const three = await client(ctx, "Zofia Three");
    await book(ctx, two, ago(20), ago(2));
    await book(ctx, three, ago(20), ago(10), ago(1));
    await updateRetentionFlow(ctx, {
      flow: "growing",
      enabled: true,
      subject: "{firstName}, 3 classes at {studioName}",
      body: "Well done {name}! {unknown} stays.",
    });
    expect(await run(s)).toBe(1);
    await book(ctx, three, ago(0.5)); // a 4th booking: still "growing", already nudged
    expect(await run(s)).toBe(0);
    const [m] = await mailsOf(s);
    expect(m!.clientId).toBe(three);
    expect(m!.subject).toBe("Zofia, 3 classes at Core Club");
    expect(await mailText(m)).toContain("Well done Zofia Three! {unknown} stays.");
  });

  it("winback: 90 days without a booking, once per lapse, and again after a return and a new lapse", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(NOW);
    const lapsed = await client(ctx, "Lena Lapsed");
    const recent = await client(ctx, "Rita Recent");
    const never = await client(ctx, "Nina Never");
    await book(ctx, lapsed, ago(200), ago(95));
    await book(ctx, recent, ago(200), ago(30));
    void never;
    await switchOn(s, "winback");
    expect(await previewRetentionAudience(ctx, { flow: "winback" })).toMatchObject({
      count: 1,
      names: ["Lena Lapsed"],
    });
    expect(await run(s)).toBe(1);
    expect(await run(s, new Date(NOW.getTime() + DAY))).toBe(0); // the next day's run: the same lapse

    // She comes back, then stays away again: a new lapse, a new mail.
    await book(ctx, lapsed, ago(-1));
    const later = new Date(NOW.getTime() + 92 * DAY);
    expect(await run(s, later)).toBe(1);
    expect(await run(s, later)).toBe(0);
    const rows = await ctx.db.select().from(retentionSends).where(eq(retentionSends.studioId, s.studio.id));
    expect(rows.map((r) => r.clientId)).toEqual([lapsed, lapsed]);
    expect(new Set(rows.map((r) => r.episode)).size).toBe(2);
  });

  it("C2: clients without marketing consent, erased or without email get nothing", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(NOW);
    const no = await client(ctx, "No Consent", false);
    const gone = await client(ctx, "Gone Erased");
    await book(ctx, no, ago(1));
    await book(ctx, gone, ago(1));
    await ctx.db
      .update(clients)
      .set({ erasedAt: NOW })
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, gone)));
    await switchOn(s, "welcome");
    expect((await previewRetentionAudience(ctx, { flow: "welcome" })).count).toBe(0);
    expect(await run(s)).toBe(0);
  });

  it("P1: erasing a client who was sent a flow's mail leaves no name in its record; the send still counts", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(NOW);
    const zoe = await client(ctx, "Zofia Zielinska");
    await book(ctx, zoe, ago(1));
    await switchOn(s, "welcome");
    expect(await run(s)).toBe(1);
    const where = and(eq(retentionSends.studioId, s.studio.id), eq(retentionSends.clientId, zoe));
    expect((await ctx.db.select().from(retentionSends).where(where))[0]!.subject).toContain("Zofia");
    await eraseClient(await s.owner(), { clientId: zoe });
    const after = await ctx.db.select().from(retentionSends).where(where);
    expect(after).toHaveLength(1);
    expect(JSON.stringify(after)).not.toContain("Zofia");
    expect(await run(s)).toBe(0);
  });

  it("C2: the unsubscribe token turns consent off without signing in, only at its own studio", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const actx = await a.owner(NOW);
    const bctx = await b.owner(NOW);
    const ana = await client(actx, "Ana A");
    const bea = await client(bctx, "Bea B");
    const token = unsubscribeToken(a.studio.id, ana);
    expect(verifyUnsubscribeToken(a.studio.id, token)).toBe(ana);
    expect(verifyUnsubscribeToken(b.studio.id, token)).toBeNull();
    expect(verifyUnsubscribeToken(a.studio.id, `${ana}.forged`)).toBeNull();

    // Another studio's token, at this studio, and a forged one for another client do nothing.
    expect(await unsubscribeByToken(bctx, { token })).toBe(false);
    const forged = `${bea}.${token.split(".")[1]}`;
    expect(await unsubscribeByToken(bctx, { token: forged })).toBe(false);
    const consent = async (ctx: Ctx, id: string) =>
      (
        await ctx.db
          .select({ c: clients.marketingConsent })
          .from(clients)
          .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id)))
      )[0]!.c;
    expect(await consent(bctx, bea)).toBe(true);
    expect(await consent(actx, ana)).toBe(true);

    expect(await unsubscribeByToken(actx, { token })).toBe(true);
    expect(await consent(actx, ana)).toBe(false);

    // After unsubscribing, the flows skip her.
    await book(actx, ana, ago(1));
    await switchOn(a, "welcome");
    expect(await run(a)).toBe(0);
  });

  it("T2: only owners and managers see and change the flows", async () => {
    const s = await makeStudio();
    const desk = await s.staffAs("front_desk", NOW);
    await expect(listRetentionFlows(desk)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(previewRetentionAudience(desk, { flow: "welcome" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      updateRetentionFlow(desk, { flow: "welcome", enabled: true, subject: "x", body: "y" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const manager = await s.staffAs("manager", NOW);
    await updateRetentionFlow(manager, { flow: "welcome", enabled: true, subject: "Hi", body: "Body" });
    const flows = await listRetentionFlows(manager);
    expect(flows.find((f) => f.flow === "welcome")).toMatchObject({ enabled: true, subject: "Hi", body: "Body" });
    expect(flows.find((f) => f.flow === "winback")).toMatchObject({ enabled: false });
  });
});
