import { cache } from "react";
import { notFound } from "next/navigation";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { getPlan } from "@/lib/plans/plans";

/** The plan of the URL, or 404 (unknown ids and other studios' plans read the same). Shared by layout and pages. */
export const planOr404 = cache(async (ctx: Ctx, id: string) =>
  getPlan(ctx, id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }),
);
