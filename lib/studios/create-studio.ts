import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { defaultStudioSettings, staff, studios, users, type Studio, type User } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import type { Ctx } from "@/lib/core/ctx";
import { InvalidInputError } from "@/lib/core/errors";
import { Email, PersonName, normalizeEmail, parseInput } from "@/lib/core/validation";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { Currency, Slug, StudioName, TimeZone, slugify } from "./studio-input";

export const Password = z
  .string({ error: "Enter a password." })
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(200, { error: "Use at most 200 characters." });

export const CreateStudioInput = z.object({
  name: StudioName,
  slug: Slug.optional(),
  timezone: TimeZone.default("UTC"),
  currency: Currency.default("EUR"),
  ownerEmail: Email,
  ownerName: PersonName.optional(),
  ownerPassword: Password,
});
export type CreateStudioInput = z.input<typeof CreateStudioInput>;

/**
 * Creates a studio with its first owner, for seeds, the command line and
 * tests: the owner's login is made or, when the email already has one, that login's password must be
 * given. The sign-up page goes through `signUpStudio` (./sign-up-studio.ts),
 * which answers alike for every address (A1).
 */
export async function createStudio(
  db: Db,
  raw: CreateStudioInput,
  now = new Date(),
): Promise<{ studio: Studio; owner: User }> {
  const input = parseInput(CreateStudioInput, raw);
  const email = normalizeEmail(input.ownerEmail);

  const [existing] = await db.select().from(users).where(eq(users.email, email));
  if (existing && !(existing.passwordHash && (await verifyPassword(input.ownerPassword, existing.passwordHash)))) {
    throw new InvalidInputError(
      "This email already has a Roster login. Enter that login's password to add a studio to it.",
      {
        ownerPassword: ["This email already has a Roster login. Enter that login's password to add a studio to it."],
      },
    );
  }
  const passwordHash = existing ? null : await hashPassword(input.ownerPassword);

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    let owner = existing;
    if (!owner) {
      const [created] = await tx
        .insert(users)
        .values({ email, name: input.ownerName ?? null, passwordHash, createdAt: now })
        .onConflictDoNothing({ target: users.email })
        .returning();
      if (!created) {
        throw new InvalidInputError("This email was registered a moment ago. Sign in instead.", {
          ownerEmail: ["This email was registered a moment ago. Sign in instead."],
        });
      }
      owner = created;
    }
    const studio = await createStudioOwnedBy(tx, owner.id, input, now);
    return { studio, owner };
  });
}

/** What a new studio is made of, besides its owner. */
export type NewStudio = { name: string; slug?: string; timezone: string; currency: string };

/**
 * A new studio with `ownerId` as its owner (a staff row), audited, in the
 * caller's transaction. Used by every way a studio is created.
 */
export async function createStudioOwnedBy(tx: Db, ownerId: string, input: NewStudio, now: Date): Promise<Studio> {
  const studio = await insertWithFreeSlug(tx, input.slug ?? slugify(input.name), input.slug !== undefined, {
    name: input.name,
    timezone: input.timezone,
    currency: input.currency,
    createdAt: now,
  });
  await tx.insert(staff).values({ studioId: studio.id, userId: ownerId, role: "owner", createdAt: now });
  const ctx: Ctx = { db: tx, studio, actor: { kind: "staff", userId: ownerId, role: "owner" }, now };
  await audit(ctx, { action: "studio.created", table: "studios", rowId: studio.id, data: { slug: studio.slug } });
  return studio;
}

/** Inserts the studio under `slug`, or `slug-2`, `slug-3`, … when taken (unless the slug was chosen explicitly). */
async function insertWithFreeSlug(
  tx: Db,
  base: string,
  exact: boolean,
  values: { name: string; timezone: string; currency: string; createdAt: Date },
): Promise<Studio> {
  for (let n = 1; n <= 50; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const [row] = await tx
      .insert(studios)
      .values({ ...values, slug, settings: defaultStudioSettings })
      .onConflictDoNothing({ target: studios.slug })
      .returning();
    if (row) return row;
    if (exact) throw new InvalidInputError("That address is taken.", { slug: ["That address is taken."] });
  }
  throw new InvalidInputError("Could not find a free address for this studio name.", { slug: ["Choose an address."] });
}
