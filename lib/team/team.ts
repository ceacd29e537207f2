import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import {
  classes,
  classSessions,
  staff,
  staffInvitations,
  staffRole,
  studios,
  users,
  type StaffInvitation,
  type StaffRole,
  type Studio,
} from "@/db/schema";
import { hashOneTimeToken, newOneTimeToken } from "@/lib/auth/one-time-token";
import { hashPassword } from "@/lib/auth/password";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { can, requirePermission, ROLE_LABELS } from "@/lib/core/permissions";
import { Email, isUuid, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { enqueueTemplateMail } from "@/lib/jobs";
import { Password } from "@/lib/studios/create-studio";

/** T1: an invitation is good for 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export type StaffMember = {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  role: StaffRole;
  status: "active";
  since: Date;
};

/** T1: the studio's staff with their roles, owners first. Every staff role may see who is on the team. */
export async function listStaff(ctx: Ctx): Promise<StaffMember[]> {
  requirePermission(ctx, "schedule.read");
  const rows = await ctx.db
    .select({ userId: staff.userId, role: staff.role, since: staff.createdAt, email: users.email, name: users.name })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(eq(staff.studioId, ctx.studio.id))
    .orderBy(asc(staff.role), asc(users.email));
  return rows.map((r) => ({
    id: r.userId,
    userId: r.userId,
    email: r.email,
    name: r.name,
    role: r.role,
    status: "active" as const,
    since: r.since,
  }));
}

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";
export function invitationStatus(
  i: Pick<StaffInvitation, "acceptedAt" | "revokedAt" | "expiresAt">,
  now: Date,
): InvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  return i.expiresAt <= now ? "expired" : "pending";
}

/** T1: invitations not accepted or revoked (expired ones too, so they can be resent), newest first. */
export async function listInvitations(ctx: Ctx): Promise<(StaffInvitation & { status: InvitationStatus })[]> {
  requirePermission(ctx, "team.manage");
  const rows = await ctx.db
    .select()
    .from(staffInvitations)
    .where(
      and(
        eq(staffInvitations.studioId, ctx.studio.id),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .orderBy(desc(staffInvitations.createdAt));
  return rows.map((r) => ({ ...r, status: invitationStatus(r, ctx.now) }));
}

/** T1: owners are the owner's to invite, make or remove; a manager manages the roles below. */
function requireRoleAuthority(ctx: Ctx, ...roles: StaffRole[]): void {
  requirePermission(ctx, "team.manage");
  if (roles.includes("owner") && !can(ctx, "team.owners"))
    throw new ForbiddenError("Only an owner can invite, make or remove an owner.");
}

const Role = z.enum(staffRole.enumValues, { error: "Choose a role: owner, manager, front_desk or instructor." });

export const InviteInput = z.object({ email: Email, role: Role }).strict();
/** Where the link in the mail points: the app's origin as the browser or the API caller reached it. */
export type LinkBase = { origin: string };

/** The invitation's mail (template `staff_invitation`): the link is the credential, single use. */
async function mailInvitation(
  tx: Ctx,
  inv: { id: string; email: string; role: StaffRole; expiresAt: Date },
  token: string,
  hash: string,
  base: LinkBase,
): Promise<void> {
  const link = `${base.origin.replace(/\/$/, "")}/invite/${token}`;
  await enqueueTemplateMail(
    tx,
    "staff_invitation",
    { role: ROLE_LABELS[inv.role].toLowerCase(), email: inv.email, link, expires: inv.expiresAt.toUTCString() },
    { to: inv.email, key: `invite:${inv.id}:${hash.slice(0, 12)}` },
  );
}

/**
 * T1: invites someone to the staff by email with a role. Single use, 7 days,
 * only the token's hash is stored; the mail goes out with the transaction. A
 * pending invitation for the same email is replaced (revoked), so one link is live.
 */
export async function inviteStaff(
  ctx: Ctx,
  raw: z.input<typeof InviteInput>,
  base: LinkBase,
): Promise<StaffInvitation> {
  requirePermission(ctx, "team.manage");
  const input = parseInput(InviteInput, raw);
  requireRoleAuthority(ctx, input.role);
  const email = normalizeEmail(input.email);
  return inTransaction(ctx, async (tx) => {
    const [already] = await tx.db
      .select({ userId: staff.userId })
      .from(staff)
      .innerJoin(users, eq(users.id, staff.userId))
      .where(and(eq(staff.studioId, ctx.studio.id), eq(users.email, email)));
    if (already) throw new RuleError("already_staff", "This person is already on the team.");
    await tx.db
      .update(staffInvitations)
      .set({ revokedAt: ctx.now })
      .where(
        and(
          eq(staffInvitations.studioId, ctx.studio.id),
          eq(staffInvitations.email, email),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
        ),
      );
    const { token, hash } = newOneTimeToken();
    const [inv] = await tx.db
      .insert(staffInvitations)
      .values({
        studioId: ctx.studio.id,
        email,
        role: input.role,
        tokenHash: hash,
        invitedByUserId: ctx.actor.kind === "staff" ? ctx.actor.userId : null,
        expiresAt: new Date(ctx.now.getTime() + INVITATION_TTL_MS),
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: "staff.invited",
      table: "staff_invitations",
      rowId: inv!.id,
      data: { email, role: input.role },
    });
    await mailInvitation(tx, inv!, token, hash, base);
    return inv!;
  });
}

async function loadInvitation(ctx: Ctx, id: string): Promise<StaffInvitation> {
  if (!isUuid(id)) throw new NotFoundError("Invitation");
  const [inv] = await ctx.db
    .select()
    .from(staffInvitations)
    .where(and(eq(staffInvitations.studioId, ctx.studio.id), eq(staffInvitations.id, id)))
    .for("update");
  if (!inv || inv.acceptedAt || inv.revokedAt) throw new NotFoundError("Invitation");
  return inv;
}

/** T1: a new link (the old one stops working) and 7 more days, mailed again. */
export async function resendInvitation(ctx: Ctx, id: string, base: LinkBase): Promise<StaffInvitation> {
  requirePermission(ctx, "team.manage");
  return inTransaction(ctx, async (tx) => {
    const inv = await loadInvitation(tx, id);
    requireRoleAuthority(ctx, inv.role);
    const { token, hash } = newOneTimeToken();
    const [row] = await tx.db
      .update(staffInvitations)
      .set({ tokenHash: hash, expiresAt: new Date(ctx.now.getTime() + INVITATION_TTL_MS) })
      .where(and(eq(staffInvitations.studioId, ctx.studio.id), eq(staffInvitations.id, id)))
      .returning();
    await audit(tx, { action: "staff.invitation_resent", table: "staff_invitations", rowId: id });
    await mailInvitation(tx, row!, token, hash, base);
    return row!;
  });
}

/** T1: the link stops working at once. */
export async function revokeInvitation(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, "team.manage");
  await inTransaction(ctx, async (tx) => {
    const inv = await loadInvitation(tx, id);
    requireRoleAuthority(ctx, inv.role);
    await tx.db
      .update(staffInvitations)
      .set({ revokedAt: ctx.now })
      .where(and(eq(staffInvitations.studioId, ctx.studio.id), eq(staffInvitations.id, id)));
    await audit(tx, { action: "staff.invitation_revoked", table: "staff_invitations", rowId: id });
  });
}

/** The staff row, locked, with every owner row of the studio locked too (so two demotions cannot both pass the last-owner check). */
async function loadStaffForChange(tx: Ctx, userId: string): Promise<{ role: StaffRole; owners: number }> {
  if (!isUuid(userId)) throw new NotFoundError("Staff member");
  const owners = await tx.db
    .select({ userId: staff.userId })
    .from(staff)
    .where(and(eq(staff.studioId, tx.studio.id), eq(staff.role, "owner")))
    .for("update");
  const [row] = await tx.db
    .select({ role: staff.role })
    .from(staff)
    .where(and(eq(staff.studioId, tx.studio.id), eq(staff.userId, userId)))
    .for("update");
  if (!row) throw new NotFoundError("Staff member");
  return { role: row.role, owners: owners.length };
}

function lastOwner(): RuleError {
  return new RuleError("last_owner", "A studio always keeps at least one owner. Make someone else an owner first.");
}

export const ChangeRoleInput = z.object({ role: Role }).strict();

/** T1: changes a staff member's role; the last owner stays an owner (409 last_owner). */
export async function changeStaffRole(
  ctx: Ctx,
  userId: string,
  raw: z.input<typeof ChangeRoleInput>,
): Promise<StaffMember> {
  requirePermission(ctx, "team.manage");
  const input = parseInput(ChangeRoleInput, raw);
  await inTransaction(ctx, async (tx) => {
    const current = await loadStaffForChange(tx, userId);
    requireRoleAuthority(ctx, current.role, input.role);
    if (current.role === input.role) return;
    if (current.role === "owner" && current.owners <= 1) throw lastOwner();
    await tx.db
      .update(staff)
      .set({ role: input.role })
      .where(and(eq(staff.studioId, ctx.studio.id), eq(staff.userId, userId)));
    await audit(tx, {
      action: "staff.role_changed",
      table: "staff",
      rowId: userId,
      data: { from: current.role, to: input.role },
    });
  });
  const member = (await listStaff({ ...ctx, actor: { kind: "system", reason: "team" } })).find(
    (s) => s.userId === userId,
  );
  if (!member) throw new NotFoundError("Staff member");
  return member;
}

/**
 * T1: removes a staff member. Their access ends at once (the staff row is
 * gone, and every request reads it); their history stays, since bookings,
 * notes, ledgers and audits name the login (users), which is kept. Classes
 * and sessions they teach lose their instructor in the same transaction (T3).
 */
export async function removeStaff(ctx: Ctx, userId: string): Promise<void> {
  requirePermission(ctx, "team.manage");
  await inTransaction(ctx, async (tx) => {
    const current = await loadStaffForChange(tx, userId);
    requireRoleAuthority(ctx, current.role);
    if (current.role === "owner" && current.owners <= 1) throw lastOwner();
    await tx.db
      .update(classes)
      .set({ instructorId: null })
      .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.instructorId, userId)));
    await tx.db
      .update(classSessions)
      .set({ instructorId: null })
      .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.instructorId, userId)));
    await tx.db.delete(staff).where(and(eq(staff.studioId, ctx.studio.id), eq(staff.userId, userId)));
    await audit(tx, {
      action: "staff.removed",
      table: "staff",
      rowId: userId,
      data: { role: current.role, by: actorId(ctx.actor) },
    });
  });
}

/** What the accept page shows for a link: the invitation and its studio, or why it does not work. */
export type InvitationLookup =
  | { ok: true; invitation: StaffInvitation; studio: Studio; hasLogin: boolean }
  | { ok: false; reason: "unknown" | "expired" | "accepted" | "revoked" };

/** T1: the invitation a link names (by the token's hash), whatever its studio. */
export async function lookupInvitation(db: Db, token: string, now = new Date()): Promise<InvitationLookup> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return { ok: false, reason: "unknown" };
  const [row] = await db
    .select({ invitation: staffInvitations, studio: studios })
    .from(staffInvitations)
    .innerJoin(studios, eq(studios.id, staffInvitations.studioId))
    .where(eq(staffInvitations.tokenHash, hashOneTimeToken(token)));
  if (!row) return { ok: false, reason: "unknown" };
  const status = invitationStatus(row.invitation, now);
  if (status !== "pending") return { ok: false, reason: status };
  const [login] = await db.select({ id: users.id }).from(users).where(eq(users.email, row.invitation.email));
  return { ok: true, invitation: row.invitation, studio: row.studio, hasLogin: !!login };
}

/**
 * T1: the signed-in login accepts. It must be verified (A1) and hold the
 * invited email; the invitation is used once (locked, checked and stamped in
 * one transaction). Returns the studio joined.
 */
export async function acceptInvitation(db: Db, token: string, userId: string, now = new Date()): Promise<Studio> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError("Login");
    return acceptAs(tx as unknown as Db, token, user, now);
  });
}

async function acceptAs(
  tx: Db,
  token: string,
  user: { id: string; email: string; emailVerified: Date | null },
  now: Date,
): Promise<Studio> {
  const [row] = await tx
    .select({ invitation: staffInvitations, studio: studios })
    .from(staffInvitations)
    .innerJoin(studios, eq(studios.id, staffInvitations.studioId))
    .where(
      and(
        eq(staffInvitations.tokenHash, hashOneTimeToken(String(token))),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .for("update", { of: staffInvitations });
  if (!row)
    throw new RuleError(
      "invitation_invalid",
      "This invitation link has expired, was used already, or was withdrawn. Ask for a new one.",
    );
  const inv = row.invitation;
  if (normalizeEmail(user.email) !== inv.email)
    throw new ForbiddenError(`This invitation is for ${inv.email}. Sign in with that email to accept it.`);
  if (!user.emailVerified)
    throw new RuleError(
      "email_not_verified",
      "Verify your email address first: follow the link we mailed you, then accept again.",
    );
  const inserted = await tx
    .insert(staff)
    .values({ studioId: inv.studioId, userId: user.id, role: inv.role, createdAt: now })
    .onConflictDoNothing()
    .returning({ userId: staff.userId });
  await tx
    .update(staffInvitations)
    .set({ acceptedAt: now, acceptedByUserId: user.id })
    .where(and(eq(staffInvitations.studioId, inv.studioId), eq(staffInvitations.id, inv.id)));
  const ctx: Ctx = { db: tx, studio: row.studio, actor: { kind: "staff", userId: user.id, role: inv.role }, now };
  await audit(ctx, {
    action: "staff.joined",
    table: "staff",
    rowId: user.id,
    data: { invitationId: inv.id, role: inv.role, alreadyStaff: inserted.length === 0 },
  });
  return row.studio;
}

export const AcceptWithSignupInput = z.object({ name: PersonName, password: Password }).strict();

/**
 * T1 with A1: someone without a login accepts by creating one. The link came
 * to the invited address, so following it proves the email: the new login is
 * verified by this very link. When the address already has a login, they sign
 * in with it instead (a login's password is never replaced here).
 */
export async function acceptInvitationWithSignup(
  db: Db,
  token: string,
  raw: z.input<typeof AcceptWithSignupInput>,
  now = new Date(),
): Promise<{ studio: Studio; userId: string; email: string }> {
  const input = parseInput(AcceptWithSignupInput, raw);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .select({ email: staffInvitations.email })
      .from(staffInvitations)
      .where(
        and(
          eq(staffInvitations.tokenHash, hashOneTimeToken(String(token))),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
          gt(staffInvitations.expiresAt, now),
        ),
      );
    if (!row)
      throw new RuleError(
        "invitation_invalid",
        "This invitation link has expired, was used already, or was withdrawn. Ask for a new one.",
      );
    const [user] = await tx
      .insert(users)
      .values({ email: row.email, name: input.name, passwordHash, emailVerified: now, createdAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user)
      throw new InvalidInputError("This email already has a Roster login. Sign in with it to accept.", {
        password: ["This email already has a Roster login. Sign in with it to accept."],
      });
    const studio = await acceptAs(tx, token, user, now);
    return { studio, userId: user.id, email: user.email };
  });
}

/** T4: the studios a login is staff of, oldest first, with its role in each. */
export async function listMyStudios(db: Db, userId: string): Promise<{ studio: Studio; role: StaffRole }[]> {
  return db
    .select({ studio: studios, role: staff.role })
    .from(staff)
    .innerJoin(studios, eq(studios.id, staff.studioId))
    .where(eq(staff.userId, userId))
    .orderBy(asc(staff.createdAt), asc(sql`${studios.name}`));
}
