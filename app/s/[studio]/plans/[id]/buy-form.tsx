"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { buyPlanAction } from "../actions";

/** The "Buy" button of one plan; a refusal (S5 `pack_still_usable`, an archived plan) shows beside it. */
export function BuyPlanForm({ studio, planId, planName }: { studio: string; planId: string; planName: string }) {
  const [state, dispatch] = useActionState(buyPlanAction, initialFormState);
  const error = state.formError && state.fieldErrors?.planId ? state.fieldErrors.planId.join(" ") : state.formError;
  return (
    <form action={dispatch} className="grid gap-3" aria-label={`Buy ${planName}`}>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="planId" value={planId} />
      <div>
        <SubmitButton pendingLabel="Buying…" className="w-full sm:w-auto">
          Buy {planName}
        </SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {error ? <FormMessage>{error}</FormMessage> : null}
      </div>
    </form>
  );
}
