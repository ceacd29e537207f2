import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import type { Ctx } from "@/lib/core/ctx";
import { getPlan } from "@/lib/plans/plans";

/** The plan of the URL, or 404 (unknown ids and other studios' plans read the same). Shared by layout and pages. */
export const planOr404 = cache(async (ctx: Ctx, id: string) => orNotFound(getPlan(ctx, id)));
