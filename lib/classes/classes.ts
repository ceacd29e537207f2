import { and, asc, eq, isNull } from "drizzle-orm";
import { classes, type Class } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { CreateClassInput, UpdateClassInput } from "./class-input";
import { requireTeamMember } from "./instructors";

export { toApiClass } from "./class-input";

/** Creates a kind of class the studio runs, with the capacity its sessions copy (docs/rules.md "class", B1). Staff. */
export async function createClass(ctx: Ctx, raw: CreateClassInput): Promise<Class> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(CreateClassInput, raw);
  return inTransaction(ctx, async (tx) => {
    await requireTeamMember(tx, input.instructorId);
    const [row] = await tx.db
      .insert(classes)
      .values({
        studioId: ctx.studio.id,
        title: input.title,
        description: input.description ?? null,
        capacity: input.capacity,
        durationMinutes: input.durationMinutes,
        location: input.location ?? null,
        memberOnly: input.memberOnly,
        dropInPriceCents: input.dropInPriceCents ?? null,
        instructorId: input.instructorId ?? null,
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, { action: "class.created", table: "classes", rowId: row!.id, data: { title: input.title } });
    return row!;
  });
}

/** A class of this studio, archived or not; another studio's id is "not found". */
export async function getClass(ctx: Ctx, id: string): Promise<Class> {
  requirePermission(ctx, "schedule.read", { orMember: true });
  if (!isUuid(id)) throw new NotFoundError("Class");
  const [row] = await ctx.db
    .select()
    .from(classes)
    .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.id, id)));
  if (!row) throw new NotFoundError("Class");
  return row;
}

/**
 * O1: changes a class. Sessions already scheduled keep their own capacity and
 * times (B1: booked places were counted against them); new sessions copy the new values.
 * `archived` archives the class (no new sessions; existing ones stay) or brings it back.
 */
export async function updateClass(ctx: Ctx, id: string, raw: UpdateClassInput): Promise<Class> {
  requirePermission(ctx, "schedule.manage");
  const input = parseInput(UpdateClassInput, raw);
  return inTransaction(ctx, async (tx) => {
    const current = await getClass(tx, id);
    await requireTeamMember(tx, input.instructorId);
    const { archived, ...fields } = input;
    const [row] = await tx.db
      .update(classes)
      .set({
        ...fields,
        ...(archived !== undefined && { archivedAt: archived ? (current.archivedAt ?? ctx.now) : null }),
      })
      .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.id, id)))
      .returning();
    await audit(tx, { action: "class.updated", table: "classes", rowId: id, data: { fields: Object.keys(input) } });
    return row!;
  });
}

/** Archives a class (or brings it back): no new sessions; existing sessions and bookings stay. */
export async function archiveClass(ctx: Ctx, id: string, archived = true): Promise<Class> {
  requirePermission(ctx, "schedule.manage");
  return inTransaction(ctx, async (tx) => {
    await getClass(tx, id);
    const [row] = await tx.db
      .update(classes)
      .set({ archivedAt: archived ? ctx.now : null })
      .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.id, id)))
      .returning();
    await audit(tx, { action: archived ? "class.archived" : "class.unarchived", table: "classes", rowId: id });
    return row!;
  });
}

/** The studio's classes by title, archived ones only when asked (and never to members). */
export async function listClasses(ctx: Ctx, opts: { includeArchived?: boolean } = {}): Promise<Class[]> {
  requirePermission(ctx, "schedule.read", { orMember: true });
  const includeArchived = opts.includeArchived && ctx.actor.kind !== "member";
  return ctx.db
    .select()
    .from(classes)
    .where(and(eq(classes.studioId, ctx.studio.id), includeArchived ? undefined : isNull(classes.archivedAt)))
    .orderBy(asc(classes.archivedAt), asc(classes.title), asc(classes.id));
}
