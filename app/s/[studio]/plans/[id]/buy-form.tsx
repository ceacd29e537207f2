"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { buyPlanAction } from "../actions";

/** The "Buy" button of one plan (with card payments on, it opens Stripe Checkout); a refusal (S5 `pack_still_usable`, an archived plan) shows beside it. */
export function BuyPlanForm({
  studio,
  planId,
  planName,
  byCard = false,
  promoCode,
}: {
  studio: string;
  planId: string;
  planName: string;
  byCard?: boolean;
  /** M12: the code applied above, bought with. */
  promoCode?: string;
}) {
  const [state, dispatch] = useActionState(buyPlanAction, initialFormState);
  const error = state.formError && state.fieldErrors?.planId ? state.fieldErrors.planId.join(" ") : state.formError;
  return (
    <form action={dispatch} className="grid gap-3" aria-label={`Buy ${planName}`}>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="planId" value={planId} />
      {promoCode ? <input type="hidden" name="promoCode" value={promoCode} /> : null}
      <div>
        <SubmitButton pendingLabel={byCard ? "Opening payment…" : "Buying…"} className="w-full sm:w-auto">
          {byCard ? `Pay for ${planName}` : `Buy ${planName}`}
        </SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {error ? <FormMessage>{error}</FormMessage> : null}
      </div>
    </form>
  );
}
