import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, clients } from "@/db/schema";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import type { Ctx } from "@/lib/core/ctx";
import { makeStudio, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { addAdditionalUser } from "./add-additional-user";
import { addParticipant } from "./add-participant";
import { confirmParticipant, inviteParticipant } from "./invite-participant";
import { linkTokens, mailsTo, TEST_ORIGIN } from "@/test/support/identity";
import { listHousehold } from "./list-household";
import { removeHouseholdMember } from "./remove-household-member";

const T0 = new Date("2026-05-04T08:00:00Z");

async function member(s: TestStudio, clientId: string): Promise<Ctx> {
  return s.ctx({ kind: "member", userId: s.ownerId, clientId }, T0);
}

async function row(ctx: Ctx, id: string) {
  const [c] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id)));
  return c!;
}

async function audits(ctx: Ctx, action: string, rowId: string) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.studioId, ctx.studio.id), eq(auditLog.action, action), eq(auditLog.rowId, rowId)));
}

describe("households (H1)", () => {
  it("H1: staff add a participant without email and an additional user; the household lists them with roles", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna Primary");

    const kid = await addParticipant(owner, { primaryId: anna.id, name: "  Kuba  " });
    expect(kid.name).toBe("Kuba");
    const kidRow = await row(owner, kid.id);
    expect(kidRow).toMatchObject({
      email: null,
      emailNormalized: null,
      source: "staff",
      householdPrimaryId: anna.id,
      householdRole: "participant",
    });

    const partnerEmail = uniqueEmail("partner");
    const partner = await addAdditionalUser(owner, {
      primaryId: anna.id,
      email: ` ${partnerEmail.toUpperCase()} `,
      name: "Piotr",
    });
    expect((await row(owner, partner.id)).householdRole).toBe("additional_user");

    const household = await listHousehold(owner, { clientId: anna.id });
    expect(household.primary.id).toBe(anna.id);
    expect(household.role).toBe("primary");
    expect(household.members.map((m) => [m.name, m.role])).toEqual([
      ["Kuba", "participant"],
      ["Piotr", "additional_user"],
    ]);
    // Asked about a member, staff get the same household, and that member's role.
    const viaKid = await listHousehold(owner, { clientId: kid.id });
    expect(viaKid.primary.id).toBe(anna.id);
    expect(viaKid.role).toBe("participant");

    expect(await audits(owner, "household.member_added", kid.id)).toHaveLength(1);
    expect((await audits(owner, "household.member_added", partner.id))[0]!.data).toEqual({
      primaryId: anna.id,
      role: "additional_user",
    });
  });

  it("H1: an additional user links the studio's existing client by email (C1, no duplicate); a new email needs a name", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const existing = await makeClient(owner, "Ewa");
    const linked = await addAdditionalUser(owner, { primaryId: anna.id, email: existing.email!.toUpperCase() });
    expect(linked.id).toBe(existing.id);
    expect((await row(owner, existing.id)).householdPrimaryId).toBe(anna.id);
    const all = await owner.db.select({ id: clients.id }).from(clients).where(eq(clients.studioId, s.studio.id));
    expect(all).toHaveLength(2);

    const err = await addAdditionalUser(owner, { primaryId: anna.id, email: uniqueEmail("nobody") }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).fields.name).toBeDefined();
    expect(
      await owner.db.select({ id: clients.id }).from(clients).where(eq(clients.studioId, s.studio.id)),
    ).toHaveLength(2);
  });

  it("H1: no nesting: a member cannot be a primary; a primary with members cannot become a member; one household each", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const bart = await makeClient(owner, "Bart");
    const kid = await addParticipant(owner, { primaryId: anna.id, name: "Kid" });
    await addParticipant(owner, { primaryId: bart.id, name: "Other kid" });

    // A member (the participant) cannot be a primary.
    await expect(addParticipant(owner, { primaryId: kid.id, name: "Grandkid" })).rejects.toMatchObject({
      code: "household_nesting",
    });
    // A primary with members cannot become a member.
    await expect(addAdditionalUser(owner, { primaryId: anna.id, email: bart.email! })).rejects.toMatchObject({
      code: "household_nesting",
    });
    // A member of one household cannot join another, nor be added twice.
    const partner = await addAdditionalUser(owner, { primaryId: anna.id, email: uniqueEmail("p"), name: "Partner" });
    const cara = await makeClient(owner, "Cara");
    await expect(addAdditionalUser(owner, { primaryId: cara.id, email: partner.email! })).rejects.toMatchObject({
      code: "already_in_household",
    });
    await expect(addAdditionalUser(owner, { primaryId: anna.id, email: partner.email! })).rejects.toMatchObject({
      code: "already_in_household",
    });
    // Nor be its own primary.
    await expect(addAdditionalUser(owner, { primaryId: anna.id, email: anna.email! })).rejects.toBeInstanceOf(
      RuleError,
    );

    // Nothing changed by the refusals.
    expect((await row(owner, bart.id)).householdPrimaryId).toBeNull();
    expect((await row(owner, anna.id)).householdPrimaryId).toBeNull();
    expect((await row(owner, partner.id)).householdPrimaryId).toBe(anna.id);
    expect((await listHousehold(owner, { clientId: cara.id })).members).toEqual([]);
    // The refused participant was never created.
    const grandkids = await owner.db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.name, "Grandkid")));
    expect(grandkids).toHaveLength(0);
  });

  it("H1: another studio's client is not found, for every verb", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ownerA = await a.owner(T0);
    const ownerB = await b.owner(T0);
    const annaA = await makeClient(ownerA, "Anna");
    const kidA = await addParticipant(ownerA, { primaryId: annaA.id, name: "Kid" });

    await expect(listHousehold(ownerB, { clientId: annaA.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(addParticipant(ownerB, { primaryId: annaA.id, name: "Intruder" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      addAdditionalUser(ownerB, { primaryId: annaA.id, email: uniqueEmail("x"), name: "X" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeHouseholdMember(ownerB, { clientId: kidA.id })).rejects.toBeInstanceOf(NotFoundError);
    // Linking B's client into A's household from B is also not found, and leaves both untouched.
    const bClient = await makeClient(ownerB, "Bea");
    await expect(addAdditionalUser(ownerB, { primaryId: annaA.id, email: bClient.email! })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await row(ownerB, bClient.id)).householdPrimaryId).toBeNull();
    expect((await listHousehold(ownerA, { clientId: annaA.id })).members.map((m) => m.id)).toEqual([kidA.id]);
  });

  it("H1: removing a member unlinks it (audited) and keeps the client", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const kid = await addParticipant(owner, { primaryId: anna.id, name: "Kid" });
    const instructor = await s.instructor(T0);
    await removeHouseholdMember(instructor, { clientId: kid.id });
    const after = await row(owner, kid.id);
    expect(after).toMatchObject({ householdPrimaryId: null, householdRole: null, name: "Kid" });
    expect((await listHousehold(owner, { clientId: anna.id })).members).toEqual([]);
    expect((await audits(owner, "household.member_removed", kid.id))[0]!.data).toEqual({
      primaryId: anna.id,
      role: "participant",
    });
    await expect(removeHouseholdMember(owner, { clientId: kid.id })).rejects.toMatchObject({
      code: "not_in_household",
    });
    // A former member can then lead its own household.
    await addParticipant(owner, { primaryId: kid.id, name: "Kid's kid" });
  });

  it("H1: a portal member adds and lists participants of its own household, as primary or additional user", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const asAnna = await member(s, anna.id);

    // A client in no household is the primary of its own (empty) one.
    expect((await listHousehold(asAnna)).members).toEqual([]);
    const kid = await addParticipant(asAnna, { name: "Kuba" });
    expect(await row(owner, kid.id)).toMatchObject({
      source: "portal",
      householdPrimaryId: anna.id,
      householdRole: "participant",
    });
    // A5: someone with an email joins once they confirm by the mailed link.
    const olaEmail = uniqueEmail("ola");
    await expect(addParticipant(asAnna, { name: "Ola", email: olaEmail })).rejects.toMatchObject({
      code: "confirmation_required",
    });
    await inviteParticipant(asAnna, { name: "Ola", email: olaEmail }, { origin: TEST_ORIGIN });
    const [invite] = await mailsTo(olaEmail, "household_invite");
    const { client: teen } = await confirmParticipant(await s.system(T0), linkTokens(invite!.body)[0]!);
    expect(await row(owner, teen.id)).toMatchObject({
      email: olaEmail,
      householdPrimaryId: anna.id,
      householdRole: "participant",
    });

    const partner = await addAdditionalUser(owner, {
      primaryId: anna.id,
      email: uniqueEmail("partner"),
      name: "Piotr",
    });
    const asPartner = await member(s, partner.id);
    const baby = await addParticipant(asPartner, { name: "Baby" });
    expect((await row(owner, baby.id)).householdPrimaryId).toBe(anna.id);
    const seen = await listHousehold(asPartner);
    expect(seen.primary.id).toBe(anna.id);
    expect(seen.role).toBe("additional_user");
    expect(seen.members.map((m) => m.name)).toEqual(["Baby", "Kuba", "Ola", "Piotr"]);
  });

  it("H1: a portal member cannot claim an existing client by email, add elsewhere, or manage as a participant; nor remove or add additional users", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const stranger = await makeClient(owner, "Stranger");
    const other = await makeClient(owner, "Other primary");
    const asAnna = await member(s, anna.id);

    // A5: typing a client's email attaches nothing; the answer is the same as for a new address (an invitation by mail).
    await expect(
      inviteParticipant(asAnna, { name: "Stranger", email: stranger.email!.toUpperCase() }, { origin: TEST_ORIGIN }),
    ).resolves.toBeUndefined();
    expect((await row(owner, stranger.id)).householdPrimaryId).toBeNull();
    await expect(addParticipant(asAnna, { primaryId: other.id, name: "Sneaky" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listHousehold(asAnna, { clientId: other.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      addAdditionalUser(asAnna, { primaryId: anna.id, email: uniqueEmail("x"), name: "X" }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const kid = await addParticipant(asAnna, { name: "Kid" });
    await expect(removeHouseholdMember(asAnna, { clientId: kid.id })).rejects.toBeInstanceOf(ForbiddenError);
    const asKid = await member(s, kid.id);
    await expect(addParticipant(asKid, { name: "Kid's friend" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listHousehold(asKid)).rejects.toBeInstanceOf(ForbiddenError);
    const names = (
      await owner.db.select({ name: clients.name }).from(clients).where(eq(clients.studioId, s.studio.id))
    ).map((c) => c.name);
    expect(names.sort()).toEqual(["Anna", "Kid", "Other primary", "Stranger"]);
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "H1: two links racing the other way round (A under B, B under A) never nest",
    async () => {
      const s = await makeStudio();
      const owner = await s.owner(T0);
      for (let i = 0; i < 10; i++) {
        const a = await makeClient(owner, `A${i}`);
        const b = await makeClient(owner, `B${i}`);
        // Parallel transactions on separate pooled connections.
        const results = await Promise.allSettled([
          addAdditionalUser(owner, { primaryId: a.id, email: b.email! }),
          addAdditionalUser(owner, { primaryId: b.id, email: a.email! }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rows = [await row(owner, a.id), await row(owner, b.id)];
        expect(rows.filter((r) => r.householdPrimaryId !== null)).toHaveLength(1);
      }
    },
  );
});

describe("A5: a household participant added by another member", () => {
  it("A5: a client's email typed by a member attaches to nothing until that person confirms by email; then they join", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const anna = await makeClient(owner, "Anna");
    const alicja = await makeClient(owner, "Alicja");
    const newcomer = uniqueEmail("future");
    const asAnna = await member(s, anna.id);
    await inviteParticipant(asAnna, { name: "Alicja", email: alicja.email! }, { origin: TEST_ORIGIN });
    await inviteParticipant(asAnna, { name: "Future", email: newcomer }, { origin: TEST_ORIGIN });
    // Nothing attached, nothing pre-claimed: no new client for the future member's email either.
    expect((await row(owner, alicja.id)).householdPrimaryId).toBeNull();
    expect(
      await owner.db
        .select()
        .from(clients)
        .where(and(eq(clients.studioId, s.studio.id), eq(clients.email, newcomer))),
    ).toEqual([]);
    expect((await listHousehold(asAnna)).members).toEqual([]);

    const [mail] = await mailsTo(alicja.email!, "household_invite");
    const token = linkTokens(mail!.body)[0]!;
    const { client } = await confirmParticipant(await s.system(T0), token);
    expect(client.id).toBe(alicja.id);
    expect(await row(owner, alicja.id)).toMatchObject({ householdPrimaryId: anna.id, householdRole: "participant" });
    // Single use.
    await expect(confirmParticipant(await s.system(T0), token)).rejects.toMatchObject({ code: "link_invalid" });
    // Expires after 24 h.
    const [later] = await mailsTo(newcomer, "household_invite");
    await expect(
      confirmParticipant(await s.system(new Date(T0.getTime() + 24 * 3600_000 + 1000)), linkTokens(later!.body)[0]!),
    ).rejects.toMatchObject({
      code: "link_invalid",
    });
  });
});
