import { and, eq } from "drizzle-orm";
import { memberships, type Membership } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/**
 * One membership of this studio. `forUpdate` locks the row for the rest of the
 * transaction, so verbs that read-then-write a membership are serialised.
 */
export async function loadMembership(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<Membership> {
  if (!isUuid(id)) throw new NotFoundError("Membership");
  const q = ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.id, id)));
  const [m] = opts.forUpdate ? await q.for("update") : await q;
  if (!m) throw new NotFoundError("Membership");
  return m;
}
