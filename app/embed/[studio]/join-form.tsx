"use client";

import { useActionState } from "react";
import { ExternalLink } from "lucide-react";
import { Alert, Button, FormMessage, SubmitButton } from "@/app/_ui";
import { embedJoinAction, type EmbedJoinState } from "./actions";

const initial: EmbedJoinState = { ok: false };

/** The confirm step (E1): one button; by card, it turns into the link that opens Stripe Checkout top-level. */
export function EmbedJoinForm({
  studio,
  planId,
  popup,
  label,
  byCard,
  promoCode,
}: {
  studio: string;
  planId: string;
  popup: boolean;
  label: string;
  byCard: boolean;
  /** M12: the promo code applied above. */
  promoCode?: string;
}) {
  const [state, action] = useActionState(embedJoinAction, initial);
  if (state.checkoutUrl) {
    return (
      <div className="grid gap-3">
        <Alert variant="info" title="One step left: pay by card">
          Stripe&rsquo;s secure checkout opens in a new tab. Once you have paid, your membership starts and you get an
          email.
        </Alert>
        <Button asChild>
          <a href={state.checkoutUrl} target="_blank" rel="noopener noreferrer">
            Pay with card <ExternalLink aria-hidden className="size-4" />
          </a>
        </Button>
      </div>
    );
  }
  return (
    <form action={action} className="grid gap-3">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="planId" value={planId} />
      {promoCode ? <input type="hidden" name="promoCode" value={promoCode} /> : null}
      {popup ? <input type="hidden" name="popup" value="1" /> : null}
      <SubmitButton pendingLabel={byCard ? "Opening checkout…" : "Joining…"}>{label}</SubmitButton>
    </form>
  );
}
