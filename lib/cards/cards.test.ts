import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import jsQR from "jsqr";
import QRCode from "qrcode";
import { auditLog, memberships } from "@/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { call, keyFor } from "@/test/support/api";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import * as cardRoute from "@/app/api/v1/cards/[token]/route";
import { cardQrContent, parseCardToken } from "./card-content";
import { cardQrSvg } from "./card-qr";
import { getCard, getClientCard, getMyCard } from "./get-card";
import { rotateCardToken } from "./rotate-card-token";

const NOW = new Date("2026-03-02T09:00:00Z");
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

async function memberCtx(s: TestStudio, clientId: string, now = NOW) {
  return s.ctx({ kind: "member", userId: randomUUID(), clientId }, now);
}

async function tokenOf(s: TestStudio, clientId: string) {
  return (await getClientCard(await s.owner(NOW), clientId)).token;
}

/** Reads a QR code the way a camera would: the symbol's modules as pixels, decoded by jsQR. */
function decodeQr(content: string): string | null {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: "M" });
  const scale = 4;
  const quiet = 4;
  const side = (modules.size + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
      }
    }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}

describe("member card", () => {
  it("W1: the token is random: 64 hex, not derived from the id, different per client, and the id is no card", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(NOW);
    const a = await makeClient(ctx, "Ada");
    const b = await makeClient(ctx, "Bo");
    const [ta, tb] = [await tokenOf(s, a.id), await tokenOf(s, b.id)];
    expect(ta).toMatch(/^[0-9a-f]{64}$/);
    expect(ta).not.toBe(tb);
    for (const [token, id] of [
      [ta, a.id],
      [tb, b.id],
    ] as const) {
      expect(token).not.toContain(id.replaceAll("-", ""));
      expect(token).not.toContain(id.replaceAll("-", "").slice(0, 12));
    }
    await expect(getCard(ctx, a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCard(ctx, a.id.replaceAll("-", "").repeat(2))).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCard(ctx, ta)).client.id).toBe(a.id);
  });

  it("W1, M4: a scan shows the client and each membership's effective status; an expired one is no longer active and the client is still identified", async () => {
    const s = await makeStudio();
    const past = days(-31);
    const then = await s.owner(past);
    const pass = await makePlan(then, PLANS.fixed(30));
    const monthly = await makePlan(then, PLANS.monthly());
    const pack = await makePlan(then, PLANS.pack(10, 90));
    const client = await makeClient(then, "Iga Expired");
    const { membership: expired } = await assignMembership(then, { planId: pass.id, clientId: client.id });
    expect(expired.endsAt!.toISOString()).toBe(days(-1).toISOString());
    const token = await tokenOf(s, client.id);

    // Now, with the sweep not yet run: the row still says active, the card says expired (M4).
    const now = await s.instructor(NOW);
    const [row] = await now.db.select().from(memberships).where(eq(memberships.id, expired.id));
    expect(row!.status).toBe("active");
    const card = await getCard(now, token);
    expect(card.client).toMatchObject({ id: client.id, name: "Iga Expired", email: client.email });
    expect(card.client.memberSince?.toISOString()).toBe(past.toISOString());
    expect(card.memberships).toEqual([
      expect.objectContaining({
        id: expired.id,
        plan: { id: pass.id, name: pass.name },
        status: "expired",
        active: false,
        inherited: false,
      }),
    ]);
    expect(card.summary).toBe("no_active_membership");

    // A live membership and a cancelled one beside it: the live one first, then newest first, each with its own status.
    const owner = await s.owner(NOW);
    const { membership: live } = await assignMembership(owner, {
      planId: pack.id,
      clientId: client.id,
      startsAt: days(-2),
    });
    const { membership: gone } = await assignMembership(owner, {
      planId: monthly.id,
      clientId: client.id,
      startsAt: days(-3),
    });
    await cancelMembership(owner, gone.id);
    const after = await getCard(await s.owner(NOW), `roster-card:${token}`);
    expect(after.summary).toBe("active");
    expect(after.memberships.map((m) => [m.id, m.status, m.active])).toEqual([
      [live.id, "active", true],
      [gone.id, "cancelled", false],
      [expired.id, "expired", false],
    ]);
    expect(after.memberships[0]).toMatchObject({ sessionsTotal: 10, sessionsRemaining: 10, endsAt: days(88) });
  });

  it("W1: cards are staff-only reads; a member cannot scan", async () => {
    const s = await makeStudio();
    const client = await makeClient(await s.owner(NOW), "Mo");
    const token = await tokenOf(s, client.id);
    await expect(getCard(await memberCtx(s, client.id), token)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getCard(await s.instructor(NOW), token)).client.name).toBe("Mo");
  });

  it("W1: another studio's card is not found", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const client = await makeClient(await a.owner(NOW), "Ana");
    const token = await tokenOf(a, client.id);
    await expect(getCard(await b.owner(NOW), token)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClientCard(await b.owner(NOW), client.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotateCardToken(await b.owner(NOW), client.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCard(await a.owner(NOW), token)).client.id).toBe(client.id);
  });

  it("W1: a malformed token is not found, never a database error; case, spaces and the QR prefix do not matter", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(NOW);
    const client = await makeClient(ctx, "Pat");
    const token = await tokenOf(s, client.id);
    for (const bad of [
      "",
      " ",
      "x",
      "roster-card:",
      "' or 1=1 --",
      `${token}0`,
      token.slice(1),
      "g".repeat(64),
      "0".repeat(64),
      `https://x/${token}`,
      "\u0000".repeat(64),
    ]) {
      await expect(getCard(ctx, bad), JSON.stringify(bad)).rejects.toBeInstanceOf(NotFoundError);
    }
    for (const good of [
      token.toUpperCase(),
      `  ${token}\n`,
      `roster-card:${token}`,
      `ROSTER-CARD:${token.toUpperCase()}`,
    ]) {
      expect((await getCard(ctx, good)).client.id).toBe(client.id);
    }
    expect(parseCardToken("not a card")).toBeNull();
  });

  it("W1: replacing a card: the old token stops working at once, the new one works, and it is audited without either token", async () => {
    const s = await makeStudio();
    const ctx = await s.instructor(NOW);
    const client = await makeClient(await s.owner(NOW), "Lou");
    const old = await tokenOf(s, client.id);
    const { token } = await rotateCardToken(ctx, client.id);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toBe(old);
    await expect(getCard(ctx, old)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getCard(ctx, token)).client.id).toBe(client.id);
    expect(await tokenOf(s, client.id)).toBe(token);
    const entries = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "client.card_replaced")));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ rowId: client.id, actorType: "staff" });
    expect(JSON.stringify(entries[0])).not.toContain(old);
    expect(JSON.stringify(entries[0])).not.toContain(token);
    await expect(rotateCardToken(ctx, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotateCardToken(await memberCtx(s, client.id), client.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("W1: getMyCard is the signed-in member's own card, and only a member's", async () => {
    const s = await makeStudio();
    const owner = await s.owner(NOW);
    const me = await makeClient(owner, "Mia Member");
    await makeClient(owner, "Someone Else");
    const card = await getMyCard(await memberCtx(s, me.id));
    expect(card.client).toEqual({ id: me.id, name: "Mia Member" });
    expect(card.token).toBe(await tokenOf(s, me.id));
    expect(card.qrSvg).toMatch(/^<svg[^>]*viewBox=/);
    await expect(getMyCard(owner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMyCard(await s.system(NOW))).rejects.toBeInstanceOf(ForbiddenError);
    // A member ctx pointing at another studio's client finds nothing.
    const other = await makeStudio();
    await expect(getMyCard(await memberCtx(other, me.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("W1: the QR code carries roster-card:<token> and nothing else, and a camera reads it back", async () => {
    const s = await makeStudio();
    const client = await makeClient(await s.owner(NOW), "Quinn");
    const token = await tokenOf(s, client.id);
    const read = decodeQr(cardQrContent(token));
    expect(read).toBe(`roster-card:${token}`);
    expect(parseCardToken(read!)).toBe(token);
    expect(read).not.toContain(client.id);
    expect(read).not.toContain(s.studio.slug);
    // The SVG shown is the same symbol: its path is drawn from the same modules.
    const svg = await cardQrSvg(token);
    expect(svg).toBe(
      await QRCode.toString(`roster-card:${token}`, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
    );
  });
});

describe("GET /api/v1/cards/{token}", () => {
  it("W1: 200 with the client and effective statuses; 404 for another studio's card and a malformed token; 401 without a key", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const past = new Date(Date.now() - 31 * 86_400_000);
    const then = await a.owner(past);
    const plan = await makePlan(then, PLANS.fixed(30));
    const client = await makeClient(then, "Ela Api");
    const { membership } = await assignMembership(then, { planId: plan.id, clientId: client.id });
    const token = (await getClientCard(await a.owner(), client.id)).token;

    const ok = await call(cardRoute.GET, { key: await keyFor(a), params: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      client: {
        id: client.id,
        name: "Ela Api",
        email: client.email,
        pictureUrl: null,
        memberSince: past.toISOString(),
      },
      memberships: [
        {
          id: membership.id,
          plan: { id: plan.id, name: plan.name },
          status: "expired",
          active: false,
          canPay: false,
          standing: "expired",
          inherited: false,
          startsAt: past.toISOString(),
          endsAt: membership.endsAt!.toISOString(),
          suspendedFrom: null,
          suspendedUntil: null,
          sessionsTotal: null,
          sessionsRemaining: null,
        },
      ],
      summary: "no_active_membership",
    });

    const cross = await call(cardRoute.GET, { key: await keyFor(b), params: { token } });
    expect(cross.status).toBe(404);
    expect(cross.body).toEqual({ error: { code: "not_found", message: "Card was not found." } });
    expect((await call(cardRoute.GET, { key: await keyFor(a), params: { token: "nope" } })).status).toBe(404);
    expect((await call(cardRoute.GET, { params: { token } })).status).toBe(401);
  });
});
