import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { staff, users, type StaffRole, type Studio } from "@/db/schema";
import type { Actor, Ctx } from "@/lib/core/ctx";
import { createStudio } from "@/lib/studios/create-studio";
import { hashPassword } from "@/lib/auth/password";

export const TEST_PASSWORD = "correct horse battery";

export function uniqueEmail(label = "user"): string {
  return `${label}.${randomBytes(5).toString("hex")}@example.test`;
}

export type TestStudio = {
  studio: Studio;
  ownerId: string;
  ownerEmail: string;
  /** A ctx as the given actor (default: the owner), at `now` (default: the real clock). */
  ctx: (actor?: Actor, now?: Date) => Promise<Ctx>;
  owner: (now?: Date) => Promise<Ctx>;
  instructor: (now?: Date) => Promise<Ctx>;
  /** A ctx as a new staff login of this studio with the role (T2), its email verified. */
  staffAs: (role: StaffRole, now?: Date) => Promise<Ctx>;
  system: (now?: Date) => Promise<Ctx>;
};

/** A new studio with an owner, in this test file's database. */
export async function makeStudio(opts: { name?: string; timezone?: string } = {}): Promise<TestStudio> {
  const db = await getDb();
  const ownerEmail = uniqueEmail("owner");
  const { studio, owner } = await createStudio(db, {
    name: opts.name ?? `Studio ${randomBytes(3).toString("hex")}`,
    timezone: opts.timezone ?? "Europe/Warsaw",
    ownerEmail,
    ownerPassword: TEST_PASSWORD,
  });
  // A1: the fixtures' logins have proved their email, as a real owner's would have.
  await db.update(users).set({ emailVerified: new Date() }).where(eq(users.id, owner.id));
  let instructorId: string | undefined;
  const ctx = async (actor?: Actor, now = new Date()): Promise<Ctx> => ({
    db,
    studio,
    actor: actor ?? { kind: "staff", userId: owner.id, role: "owner" },
    now,
  });
  return {
    studio,
    ownerId: owner.id,
    ownerEmail,
    ctx,
    owner: (now) => ctx(undefined, now),
    instructor: async (now) => {
      if (!instructorId) {
        const [u] = await db
          .insert(users)
          .values({
            email: uniqueEmail("instructor"),
            passwordHash: await hashPassword(TEST_PASSWORD),
            emailVerified: new Date(),
          })
          .returning();
        await db.insert(staff).values({ studioId: studio.id, userId: u!.id, role: "instructor" });
        instructorId = u!.id;
      }
      return ctx({ kind: "staff", userId: instructorId, role: "instructor" }, now);
    },
    staffAs: async (role, now) => {
      const [u] = await db
        .insert(users)
        .values({
          email: uniqueEmail(role),
          passwordHash: await hashPassword(TEST_PASSWORD),
          emailVerified: new Date(),
        })
        .returning();
      await db.insert(staff).values({ studioId: studio.id, userId: u!.id, role });
      return ctx({ kind: "staff", userId: u!.id, role }, now);
    },
    system: (now) => ctx({ kind: "system", reason: "test" }, now),
  };
}

export async function userByEmail(email: string) {
  const db = await getDb();
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u;
}
