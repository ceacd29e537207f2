"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { FormId, staffAction } from "@/app/_lib/staff-action";
import { InvalidInputError } from "@/lib/core/errors";
import { nextDay, zonedDayStart } from "@/lib/core/time";
import { MoneyText } from "@/lib/core/validation";
import { createPromoCode, deactivatePromoCode, PromoCodeFields } from "@/lib/offers";

const PATH = "/dashboard/settings/promo-codes";
const DayText = z.string().max(10).optional();

/** The form: the verb's fields, the amount typed in major units, and the dates as studio days (the last one included). */
const PromoCodeForm = PromoCodeFields.omit({ validFrom: true, validUntil: true }).extend({
  amountOffCents: MoneyText.optional(),
  fromDate: DayText,
  untilDate: DayText,
});

function dayStart(day: string | undefined, timeZone: string, field: string): Date | undefined {
  if (!day) return undefined;
  const at = zonedDayStart(day, timeZone);
  if (!at) throw new InvalidInputError("Enter a date.", { [field]: ["Enter a date."] });
  return at;
}

/** M12: a new promo code. Owners and managers (`plans.manage`), enforced by the verb. */
export const createPromoCodeAction = staffAction(
  PromoCodeForm,
  async (ctx, { fromDate, untilDate, ...input }) => {
    const tz = ctx.studio.timezone;
    const validFrom = dayStart(fromDate, tz, "fromDate");
    const validUntil = untilDate ? dayStart(nextDay(untilDate) ?? "invalid", tz, "untilDate") : undefined;
    const code = await createPromoCode(ctx, { ...input, validFrom, validUntil });
    revalidatePath(PATH);
    return { ok: true, message: `${code.code} is ready to use.` };
  },
  { names: { amountOffCents: "amountOff" } },
);

/** M12: a code stops being accepted; its redemptions stay. */
export const deactivatePromoCodeAction = staffAction(z.object({ id: FormId("Promo code") }), async (ctx, { id }) => {
  const code = await deactivatePromoCode(ctx, id);
  revalidatePath(PATH);
  return { ok: true, message: `${code.code} is no longer accepted.` };
});
