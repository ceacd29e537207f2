"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { FormId, staffAction } from "@/app/_lib/staff-action";
import { formatMoney } from "@/lib/core/format";
import { markPaymentPaid, StaffPaymentMethod, waiveFee } from "@/lib/payments";

const METHOD_LABELS = { cash: "cash", bank: "bank transfer", card_terminal: "card terminal" } as const;

/** O3, P0: staff mark a payment due (a membership's or a drop-in's) paid, saying how. */
export const markDuePaymentPaidAction = staffAction(
  z.object({ id: z.string(), method: StaffPaymentMethod }),
  async (ctx, { id, method }) => {
    const p = await markPaymentPaid(ctx, id, { method });
    revalidatePath("/dashboard", "layout");
    return {
      ok: true,
      message: `${formatMoney(p.amountCents, p.currency)} marked paid by ${METHOD_LABELS[method]}.`,
    };
  },
);

/** B9: staff waive a late-cancel or no-show fee within 24 h: a due one is cancelled, a charged one refunded. */
export const waiveFeeAction = staffAction(z.object({ id: FormId("Payment") }), async (ctx, { id }) => {
  const p = await waiveFee(ctx, id);
  revalidatePath("/dashboard", "layout");
  return {
    ok: true,
    message:
      p.status === "void"
        ? `${formatMoney(p.amountCents, p.currency)} fee waived: nothing is due.`
        : `${formatMoney(p.amountCents, p.currency)} fee waived: it is refunded.`,
  };
});
