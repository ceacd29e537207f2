import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { RateLimitedError } from "@/lib/core/errors";
import { BACKOFFS } from "@/lib/security/rate-limit";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { verifyCredentials } from "./verify-credentials";
import { hashPassword, verifyPassword } from "./password";

describe("sign-in", () => {
  it("accepts the right password with any case of email, refuses a wrong one", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const ok = await verifyCredentials(db, {
      email: `  ${s.ownerEmail.toUpperCase()} `,
      password: TEST_PASSWORD,
      ip: "1.1.1.1",
    });
    expect(ok?.id).toBe(s.ownerId);
    expect(await verifyCredentials(db, { email: s.ownerEmail, password: "wrong password!", ip: "1.1.1.1" })).toBeNull();
  });

  it("an unknown email answers exactly like a wrong password (no enumeration)", async () => {
    const db = await getDb();
    const s = await makeStudio();
    const t0 = performance.now();
    const unknown = await verifyCredentials(db, {
      email: uniqueEmail("ghost"),
      password: "whatever123",
      ip: "2.2.2.2",
    });
    const t1 = performance.now();
    const wrong = await verifyCredentials(db, { email: s.ownerEmail, password: "whatever123", ip: "2.2.2.3" });
    const t2 = performance.now();
    expect(unknown).toBeNull();
    expect(wrong).toBeNull();
    // Both paths run one full scrypt; an unknown email must not be an order of magnitude faster.
    expect(t1 - t0).toBeGreaterThan((t2 - t1) / 4);
  });

  it("A4: repeated failures on one email meet growing delays, which end on their own", async () => {
    const db = await getDb();
    const s = await makeStudio();
    const at = new Date("2026-05-01T12:00:00Z");
    for (let i = 0; i < BACKOFFS.account.free; i++) {
      expect(
        await verifyCredentials(db, { email: s.ownerEmail, password: "nope-nope-nope", ip: "local" }, at),
      ).toBeNull();
    }
    await expect(
      verifyCredentials(db, { email: s.ownerEmail, password: TEST_PASSWORD, ip: "local" }, at),
    ).rejects.toBeInstanceOf(RateLimitedError);
    // The delay is a second, not a lock: then the owner is let in.
    const later = new Date(at.getTime() + 1000);
    expect(
      await verifyCredentials(db, { email: s.ownerEmail, password: TEST_PASSWORD, ip: "local" }, later),
    ).not.toBeNull();
  });

  it("password hashes are salted and verify only their password", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(a.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same passwor", a)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});
