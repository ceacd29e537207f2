"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { staffFormAction } from "@/app/_lib/staff-action";
import { STUDIO_COOKIE, studioCookieOptions } from "@/lib/auth";
import { Slug } from "@/lib/studios";
import { listMyStudios } from "@/lib/team/team";

/**
 * T4: a login on the staff of several studios picks the one it acts in. The
 * cookie only names a choice: every request checks it against the staff rows
 * again (lib/auth/context.ts), so a studio that removed them is never entered.
 */
export const switchStudioAction = staffFormAction(
  z.object({ studio: Slug }),
  async (ctx, { studio: slug }) => {
    if (ctx.actor.kind !== "staff") redirect("/dashboard");
    const target = (await listMyStudios(await getDb(), ctx.actor.userId)).find((s) => s.studio.slug === slug);
    if (!target) redirect("/dashboard?switch=failed");
    (await cookies()).set(STUDIO_COOKIE, target.studio.id, studioCookieOptions());
    redirect("/dashboard");
  },
  // A slug that is no slug is a studio this login is not on.
  (state) => {
    if (!state.ok) redirect("/dashboard?switch=failed");
  },
);
