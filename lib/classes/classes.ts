import { and, asc, eq, isNull } from "drizzle-orm";
import { classes, type Class } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";
import { CreateClassInput, UpdateClassInput } from "./class-input";

export { toApiClass } from "./class-input";

/** Creates a kind of class the studio runs, with the capacity its sessions copy (SPEC "class", B1). Staff. */
export async function createClass(ctx: Ctx, raw: CreateClassInput): Promise<Class> {
  requireRole(ctx, "instructor");
  const input = parseInput(CreateClassInput, raw);
  return inTransaction(ctx, async (tx) => {
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
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, { action: "class.created", table: "classes", rowId: row!.id, data: { title: input.title } });
    return row!;
  });
}

/** A class of this studio, archived or not; another studio's id is "not found". */
export async function getClass(ctx: Ctx, id: string): Promise<Class> {
  requireRole(ctx, "instructor", "member");
  if (!isUuid(id)) throw new NotFoundError("Class");
  const [row] = await ctx.db
    .select()
    .from(classes)
    .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.id, id)));
  if (!row) throw new NotFoundError("Class");
  return row;
}

/**
 * Changes a class. Sessions already scheduled keep their own capacity and
 * times (B1: booked places were counted against them); new sessions copy the new values.
 */
export async function updateClass(ctx: Ctx, id: string, raw: UpdateClassInput): Promise<Class> {
  requireRole(ctx, "instructor");
  const input = parseInput(UpdateClassInput, raw);
  return inTransaction(ctx, async (tx) => {
    await getClass(tx, id);
    const [row] = await tx.db
      .update(classes)
      .set(input)
      .where(and(eq(classes.studioId, ctx.studio.id), eq(classes.id, id)))
      .returning();
    await audit(tx, { action: "class.updated", table: "classes", rowId: id, data: { fields: Object.keys(input) } });
    return row!;
  });
}

/** Archives a class (or brings it back): no new sessions; existing sessions and bookings stay. */
export async function archiveClass(ctx: Ctx, id: string, archived = true): Promise<Class> {
  requireRole(ctx, "instructor");
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
  requireRole(ctx, "instructor", "member");
  const includeArchived = opts.includeArchived && ctx.actor.kind !== "member";
  return ctx.db
    .select()
    .from(classes)
    .where(and(eq(classes.studioId, ctx.studio.id), includeArchived ? undefined : isNull(classes.archivedAt)))
    .orderBy(asc(classes.archivedAt), asc(classes.title), asc(classes.id));
}
