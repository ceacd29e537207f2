import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, clients, embedTokenUses, memberships, payments } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { setPortalAccess } from "@/lib/clients/portal-access";
import { makeStudio, TEST_PASSWORD, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { getPublicPlan } from "@/lib/plans/plans";
import { testDatabaseMode } from "@/test/support/test-database";
import { consumeVerification } from "@/lib/identity/verify-email";
import { TEST_ORIGIN, verificationTokenFor } from "@/test/support/identity";
import type { Ctx } from "@/lib/core/ctx";
import type { RegisterMemberInput } from "@/lib/portal/register-member";
import {
  acceptEmbedToken,
  embedMemberContext,
  embedRegister,
  embedSignIn,
  joinFromEmbed,
  rotateEmbedSecret,
  type EmbedVisitor,
} from "./embed";
import { openEmbedSession, sealEmbedSession } from "./session";
import { EmbedTokenError, mintEmbedToken, verifyEmbedToken, type EmbedTokenRefusal } from "./token";

const NOW = new Date("2026-11-21T10:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString("base64url");

/** E2 register, then the mailed link followed with the password (A1): the visitor the embed then signs in as. */
async function registeredVisitor(sys: Ctx, input: RegisterMemberInput & { password: string }): Promise<EmbedVisitor> {
  await embedRegister(sys, input, { origin: TEST_ORIGIN });
  const outcome = await consumeVerification(sys.db, {
    token: await verificationTokenFor(input.email),
    password: input.password,
    ip: "203.0.113.8",
  });
  const [client] = await sys.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, sys.studio.id), eq(clients.userId, outcome.userId)));
  return { clientId: client!.id, userId: outcome.userId };
}

async function studioWithSecret(): Promise<TestStudio & { secret: string }> {
  const s = await makeStudio();
  const secret = await rotateEmbedSecret(await s.owner());
  return { ...s, secret, studio: { ...s.studio, embedSecret: secret } };
}

function refusal(fn: () => unknown): EmbedTokenRefusal | "accepted" {
  try {
    fn();
    return "accepted";
  } catch (e) {
    if (e instanceof EmbedTokenError) return e.reason;
    throw e;
  }
}

function refusalOf(p: Promise<unknown>): Promise<EmbedTokenRefusal | "accepted"> {
  return p.then(
    () => "accepted",
    (e) => {
      if (e instanceof EmbedTokenError) return e.reason;
      throw e;
    },
  );
}

describe("E2: every embed token refusal", () => {
  const studio = { slug: "bluedoor", embedSecret: "s3cret-s3cret-s3cret-s3cret-s3cret" };
  const visitor = { iss: "bluedoor", sub: "site-user-42", email: "Ada@Example.com", name: "Ada Lovelace" };
  const check = (token: string, now = NOW) => refusal(() => verifyEmbedToken(token, studio, now));

  it("accepts a well-formed token and returns its claims", () => {
    const claims = verifyEmbedToken(mintEmbedToken(studio.embedSecret, visitor, NOW), studio, NOW);
    expect(claims).toMatchObject({
      iss: "bluedoor",
      sub: "site-user-42",
      email: "Ada@Example.com",
      name: "Ada Lovelace",
      aud: "roster-embed",
    });
  });

  it("refuses expired, not-yet-valid and too-long-lived tokens (minutes of validity)", () => {
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, iat: T - 600, exp: T - 120 }, NOW))).toBe("expired");
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, iat: T + 600, exp: T + 900 }, NOW))).toBe(
      "not_yet_valid",
    );
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, iat: T, exp: T + 24 * 3600 }, NOW))).toBe(
      "too_long_lived",
    );
    // No iat: the expiry alone may not reach past the limit either.
    const noIat = `${b64({ alg: "HS256" })}.${b64({ ...visitor, aud: "roster-embed", jti: "abcdefgh12", exp: T + 3600 })}`;
    const signed = `${noIat}.${createHmac("sha256", studio.embedSecret).update(noIat).digest("base64url")}`;
    expect(check(signed)).toBe("too_long_lived");
    // A minute of clock skew is tolerated.
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, iat: T - 300, exp: T - 30 }, NOW))).toBe("accepted");
  });

  it("refuses alg none, other algorithms and a forged or missing signature", () => {
    const claims = b64({ ...visitor, aud: "roster-embed", iat: T, exp: T + 300, jti: "abcdefgh12" });
    expect(check(`${b64({ alg: "none", typ: "JWT" })}.${claims}.`)).toBe("unsupported_alg");
    expect(check(`${b64({ alg: "none" })}.${claims}`)).toBe("malformed");
    expect(check(mintEmbedToken(studio.embedSecret, visitor, NOW, { alg: "HS512", typ: "JWT" }))).toBe(
      "unsupported_alg",
    );
    expect(check(mintEmbedToken(studio.embedSecret, visitor, NOW, { alg: "RS256" }))).toBe("unsupported_alg");
    expect(check(mintEmbedToken("another-secret-another-secret", visitor, NOW))).toBe("bad_signature");
    // A claim changed after signing.
    const [h, , s] = mintEmbedToken(studio.embedSecret, visitor, NOW).split(".");
    expect(
      check(
        `${h}.${b64({ ...visitor, email: "mallory@example.com", aud: "roster-embed", iat: T, exp: T + 300, jti: "abcdefgh12" })}.${s}`,
      ),
    ).toBe("bad_signature");
  });

  it("refuses another studio's token, the wrong audience, missing claims and garbage", () => {
    expect(check(mintEmbedToken("other-studio-secret-other-studio", { ...visitor, iss: "redhouse" }, NOW))).toBe(
      "wrong_studio",
    );
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, iss: "redhouse" }, NOW))).toBe("wrong_studio");
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, aud: "https://example.com" }, NOW))).toBe(
      "wrong_audience",
    );
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, email: "not-an-email" }, NOW))).toBe(
      "missing_claims",
    );
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, jti: "short" }, NOW))).toBe("missing_claims");
    expect(check(mintEmbedToken(studio.embedSecret, { ...visitor, sub: "" }, NOW))).toBe("missing_claims");
    for (const garbage of ["", "a.b", "a.b.c.d", "!!.??.**", `${b64({ alg: "HS256" })}.not-json.x`, "x".repeat(5000)]) {
      expect(check(garbage)).toBe("malformed");
    }
  });

  it("refuses every token while the studio has no embed secret", () => {
    expect(
      refusal(() =>
        verifyEmbedToken(mintEmbedToken("x".repeat(32), visitor, NOW), { slug: "bluedoor", embedSecret: null }, NOW),
      ),
    ).toBe("no_secret");
  });
});

describe("E2: accepting a token in the flow", () => {
  it("C1: a new visitor becomes one client (source embed); the same token a second time is refused as replayed", async () => {
    const s = await studioWithSecret();
    const email = uniqueEmail("visitor");
    const token = mintEmbedToken(
      s.secret,
      { iss: s.studio.slug, sub: "u-1", email: email.toUpperCase(), name: "Vera Visitor" },
      NOW,
    );
    const ctx = { ...(await s.system(NOW)), studio: s.studio };
    const visitor = await acceptEmbedToken(ctx, token);
    expect(visitor.userId).toBeNull();
    const db = await getDb();
    const [client] = await db.select().from(clients).where(eq(clients.id, visitor.clientId));
    expect(client).toMatchObject({
      studioId: s.studio.id,
      name: "Vera Visitor",
      source: "embed",
      emailNormalized: email.toLowerCase(),
    });

    expect(await refusalOf(acceptEmbedToken(ctx, token))).toBe("replayed");
    // A second token for the same person finds the same client (never a duplicate profile).
    const again = await acceptEmbedToken(
      ctx,
      mintEmbedToken(s.secret, { iss: s.studio.slug, sub: "u-1", email, name: "Vera" }, NOW),
    );
    expect(again.clientId).toBe(visitor.clientId);
    expect(await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "embed.token_accepted")));
    expect(audits.map((a) => a.data)).toEqual([{ created: true }, { created: false }]);
  });

  it("E2: a token signed for studio A is refused by studio B, and after a rotation the old secret's tokens are refused", async () => {
    const a = await studioWithSecret();
    const b = await studioWithSecret();
    const forA = mintEmbedToken(a.secret, { iss: a.studio.slug, sub: "x", email: uniqueEmail("v"), name: "V" }, NOW);
    const bCtx = { ...(await b.system(NOW)), studio: b.studio };
    expect(await refusalOf(acceptEmbedToken(bCtx, forA))).toBe("wrong_studio");
    // Signed with A's secret but naming B: the signature does not match B's secret.
    const forged = mintEmbedToken(a.secret, { iss: b.studio.slug, sub: "x", email: uniqueEmail("v"), name: "V" }, NOW);
    expect(await refusalOf(acceptEmbedToken(bCtx, forged))).toBe("bad_signature");

    const rotated = await rotateEmbedSecret(await a.owner());
    expect(rotated).not.toBe(a.secret);
    const aCtx = { ...(await a.system(NOW)), studio: a.studio };
    expect(
      await refusalOf(
        acceptEmbedToken(
          aCtx,
          mintEmbedToken(a.secret, { iss: a.studio.slug, sub: "x", email: uniqueEmail("v"), name: "V" }, NOW),
        ),
      ),
    ).toBe("bad_signature");
    const db = await getDb();
    expect(await db.select().from(clients).where(eq(clients.studioId, b.studio.id))).toHaveLength(0);
    expect(await db.select().from(embedTokenUses).where(eq(embedTokenUses.studioId, b.studio.id))).toHaveLength(0);
  });

  it("H3: a client whose portal access is off is refused and the token is not spent", async () => {
    const s = await studioWithSecret();
    const email = uniqueEmail("blocked");
    const { client } = await findOrCreateClient(await s.owner(), { email, name: "Blocked", source: "staff" });
    await setPortalAccess(await s.owner(), { clientId: client.id, enabled: false });
    const ctx = { ...(await s.system(NOW)), studio: s.studio };
    expect(
      await refusalOf(
        acceptEmbedToken(ctx, mintEmbedToken(s.secret, { iss: s.studio.slug, sub: "b", email, name: "B" }, NOW)),
      ),
    ).toBe("access_disabled");
    expect(
      await (await getDb()).select().from(embedTokenUses).where(eq(embedTokenUses.studioId, s.studio.id)),
    ).toHaveLength(0);
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "E2: the same token used twice at once signs in once (Postgres)",
    async () => {
      const s = await studioWithSecret();
      const token = mintEmbedToken(
        s.secret,
        { iss: s.studio.slug, sub: "r", email: uniqueEmail("racer"), name: "Racer" },
        NOW,
      );
      const ctx = { ...(await s.system(NOW)), studio: s.studio };
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => refusalOf(acceptEmbedToken(ctx, token))));
      expect(outcomes.filter((o) => o === "accepted")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "replayed")).toHaveLength(5);
      expect(await (await getDb()).select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(1);
    },
  );
});

describe("E1: joining a plan from the embed", () => {
  it("a registered visitor joins a public plan (source embed, paid at the studio); private plans are not found", async () => {
    const s = await studioWithSecret();
    const owner = await s.owner();
    const pub = await makePlan(owner, PLANS.fixed(30, { public: true, name: "Intro month" }));
    const hidden = await makePlan(owner, PLANS.fixed(30, { public: false, name: "Staff deal" }));
    const sys = await s.system();
    const visitor = await registeredVisitor(sys, {
      name: "Nia New",
      email: uniqueEmail("nia"),
      password: TEST_PASSWORD,
    });
    const ctx = (await embedMemberContext(sys.db, s.studio, visitor, new Date()))!;
    expect(ctx.actor).toMatchObject({ kind: "member", clientId: visitor.clientId });

    await expect(getPublicPlan(ctx, hidden.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(joinFromEmbed(ctx, { planId: hidden.id, origin: "http://localhost:3000" })).rejects.toMatchObject({
      code: "not_found",
    });
    const result = await joinFromEmbed(ctx, { planId: pub.id, origin: "http://localhost:3000" });
    expect(result.kind).toBe("joined");
    const db = await getDb();
    const [m] = await db.select().from(memberships).where(eq(memberships.clientId, visitor.clientId));
    expect(m).toMatchObject({ planId: pub.id, source: "embed" });
    const due = await db.select().from(payments).where(eq(payments.clientId, visitor.clientId));
    expect(due.map((p) => [p.status, p.amountCents])).toEqual([["due", 5000]]);
    const [client] = await db.select().from(clients).where(eq(clients.id, visitor.clientId));
    expect(client!.source).toBe("embed");
  });

  it("a token-injected visitor (no login) joins as a member; another studio's plan id is not found", async () => {
    const s = await studioWithSecret();
    const other = await makeStudio();
    const otherPlan = await makePlan(await other.owner(), PLANS.fixed(30, { public: true }));
    const pack = await makePlan(await s.owner(), PLANS.pack(5, 60, { public: true }));
    const visitor = await acceptEmbedToken(
      { ...(await s.system()), studio: s.studio },
      mintEmbedToken(s.secret, { iss: s.studio.slug, sub: "t", email: uniqueEmail("tok"), name: "Tok En" }),
    );
    const ctx = (await embedMemberContext(await getDb(), s.studio, visitor, new Date()))!;
    await expect(joinFromEmbed(ctx, { planId: otherPlan.id, origin: "http://localhost:3000" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await joinFromEmbed(ctx, { planId: pack.id, origin: "http://localhost:3000" })).kind).toBe("joined");
    // S5: a second pack while the first is usable is refused by the same verb as the portal's.
    await expect(joinFromEmbed(ctx, { planId: pack.id, origin: "http://localhost:3000" })).rejects.toMatchObject({
      code: "pack_still_usable",
    });
  });

  it("sign-in inside the flow: wrong password and unknown email answer alike; a verified login new to the studio becomes its client", async () => {
    const s = await studioWithSecret();
    const other = await makeStudio();
    const email = uniqueEmail("roamer");
    await registeredVisitor(await other.system(), { name: "Roamer", email, password: TEST_PASSWORD });
    const sys = await s.system();
    const at = { ip: "203.0.113.9", origin: TEST_ORIGIN };
    const wrong = await embedSignIn(sys, { email, password: "wrong password!", ...at }).catch((e) => e);
    const unknown = await embedSignIn(sys, { email: uniqueEmail("nobody"), password: "wrong password!", ...at }).catch(
      (e) => e,
    );
    expect(wrong.message).toBe(unknown.message);
    const visitor = await embedSignIn(sys, { email, password: TEST_PASSWORD, ...at });
    if (visitor === "check_email") throw new Error("a verified login joins at once");
    const [client] = await (await getDb()).select().from(clients).where(eq(clients.id, visitor.clientId));
    expect(client).toMatchObject({ studioId: s.studio.id, source: "embed", userId: visitor.userId });
  });

  it("H3: turning portal access off ends an embed session at its next step", async () => {
    const s = await studioWithSecret();
    const sys = await s.system();
    const email = uniqueEmail("off");
    const visitor = await registeredVisitor(sys, { name: "Soon Off", email, password: TEST_PASSWORD });
    expect(await embedMemberContext(sys.db, s.studio, visitor, new Date())).not.toBeNull();
    await expect(
      embedSignIn(sys, { email, password: TEST_PASSWORD, ip: "198.51.100.7", origin: TEST_ORIGIN }),
    ).resolves.toMatchObject({ clientId: visitor.clientId });
    await setPortalAccess(await s.owner(), { clientId: visitor.clientId, enabled: false });
    expect(await embedMemberContext(sys.db, s.studio, visitor, new Date())).toBeNull();
    // The same person with the right password is now refused, for that reason (not any error).
    await expect(
      embedSignIn(sys, { email, password: TEST_PASSWORD, ip: "198.51.100.7", origin: TEST_ORIGIN }),
    ).rejects.toMatchObject({ code: "portal_disabled" });
  });

  it("instructors cannot read or rotate the embed secret", async () => {
    const s = await studioWithSecret();
    await expect(rotateEmbedSecret(await s.instructor())).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the embed session cookie", () => {
  it("opens only for its studio, untampered and unexpired", () => {
    const studioId = "0b6f4b8e-7f0a-4c38-9a39-0b2f6f0d7a11";
    const value = sealEmbedSession({ studioId, clientId: "5d1f6a7e-2b1c-4f8e-8a0e-2c9d5b7e3f10", userId: null }, NOW);
    expect(openEmbedSession(value, studioId, NOW)).toMatchObject({
      clientId: "5d1f6a7e-2b1c-4f8e-8a0e-2c9d5b7e3f10",
      userId: null,
    });
    expect(openEmbedSession(value, "1b6f4b8e-7f0a-4c38-9a39-0b2f6f0d7a11", NOW)).toBeNull();
    expect(openEmbedSession(value, studioId, new Date(NOW.getTime() + 3 * 3600_000))).toBeNull();
    const [body, sig] = value.split(".");
    const forged = Buffer.from(Buffer.from(body!, "base64url").toString().replace("5d1f", "6d1f")).toString(
      "base64url",
    );
    expect(openEmbedSession(`${forged}.${sig}`, studioId, NOW)).toBeNull();
    expect(openEmbedSession(undefined, studioId, NOW)).toBeNull();
    expect(openEmbedSession("garbage", studioId, NOW)).toBeNull();
    // A two-minute handoff is not a session, nor a session a handoff.
    const handoff = sealEmbedSession(
      { studioId, clientId: "5d1f6a7e-2b1c-4f8e-8a0e-2c9d5b7e3f10", userId: null },
      NOW,
      "handoff",
    );
    expect(openEmbedSession(handoff, studioId, NOW)).toBeNull();
    expect(openEmbedSession(handoff, studioId, NOW, "handoff")).not.toBeNull();
    expect(openEmbedSession(handoff, studioId, new Date(NOW.getTime() + 121_000), "handoff")).toBeNull();
    expect(openEmbedSession(value, studioId, NOW, "handoff")).toBeNull();
  });
});

describe("E2: the Node example shown to studios", () => {
  it("mints a token the flow accepts", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { embedTokenExample } = await import("./snippet");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-embed-")), "mint.mjs");
    fs.writeFileSync(file, embedTokenExample("bluedoor"));
    const secret = "the-studio-embed-secret-0123456789";
    process.env.ROSTER_EMBED_SECRET = secret;
    try {
      const { rosterEmbedToken } = (await import(/* @vite-ignore */ file)) as {
        rosterEmbedToken: (u: object) => string;
      };
      const token = rosterEmbedToken({ id: 42, email: "ada@example.com", name: "Ada" });
      expect(verifyEmbedToken(token, { slug: "bluedoor", embedSecret: secret }, new Date())).toMatchObject({
        sub: "42",
        email: "ada@example.com",
      });
      expect(embedTokenExample("bluedoor").split("\n").length).toBeLessThanOrEqual(10);
    } finally {
      delete process.env.ROSTER_EMBED_SECRET;
    }
  });
});
