import { classes, classSessions, type Class, type ClassSession } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";

/** A class and one session of it, written directly (the schedule verbs have their own tests). */
export async function makeSession(
  ctx: Ctx,
  opts: { startsAt: Date; capacity?: number; memberOnly?: boolean; dropInPriceCents?: number | null; title?: string },
): Promise<{ cls: Class; session: ClassSession }> {
  const [cls] = await ctx.db
    .insert(classes)
    .values({
      studioId: ctx.studio.id,
      title: opts.title ?? "Vinyasa",
      capacity: opts.capacity ?? 10,
      durationMinutes: 60,
      memberOnly: opts.memberOnly ?? false,
      dropInPriceCents: opts.dropInPriceCents === undefined ? 2500 : opts.dropInPriceCents,
    })
    .returning();
  const [session] = await ctx.db
    .insert(classSessions)
    .values({
      studioId: ctx.studio.id,
      classId: cls!.id,
      startsAt: opts.startsAt,
      endsAt: new Date(opts.startsAt.getTime() + 3600_000),
      capacity: opts.capacity ?? 10,
    })
    .returning();
  return { cls: cls!, session: session! };
}
