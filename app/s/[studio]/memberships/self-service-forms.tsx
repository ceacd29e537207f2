"use client";

import { useActionState } from "react";
import {
  Button,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  FormMessage,
  SubmitButton,
  VisuallyHidden,
} from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { cancelMyMembershipAction, openBillingPortalAction } from "./actions";

/** "Cancel membership": one confirmation, then done (M8: as few steps as joining). The result shows beside the button. */
export function CancelMembershipForm({
  studio,
  membershipId,
  planName,
  billedByStripe,
  paidUntil,
}: {
  studio: string;
  membershipId: string;
  planName: string;
  billedByStripe: boolean;
  /** O5: the last day of the period paid, in the studio's words ("3 Jan 2027"). */
  paidUntil: string;
}) {
  const [state, dispatch] = useActionState(cancelMyMembershipAction, initialFormState);
  return (
    <div className="grid gap-2">
      <Dialog>
        <DialogTrigger asChild>
          <Button variant="outline" size="sm">
            Cancel membership<VisuallyHidden> {planName}</VisuallyHidden>
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Cancel “{planName}”?</DialogTitle>
            <DialogDescription>
              {billedByStripe
                ? `Your card will not be charged again. You keep the membership, and can book with it, until the end of the period paid (${paidUntil}).`
                : `You keep the membership, and can book with it, until the end of the period paid (${paidUntil}); it does not renew. Anything you still owe the studio stays due.`}
            </DialogDescription>
          </DialogHeader>
          <form action={dispatch}>
            <input type="hidden" name="studio" value={studio} />
            <input type="hidden" name="membershipId" value={membershipId} />
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Keep it
                </Button>
              </DialogClose>
              <SubmitButton variant="danger" pendingLabel="Cancelling…">
                Cancel membership
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
    </div>
  );
}

/** "Update card": opens Stripe's billing portal. */
export function UpdateCardForm({ studio }: { studio: string }) {
  const [state, dispatch] = useActionState(openBillingPortalAction, initialFormState);
  return (
    <form action={dispatch} className="grid gap-2" aria-label="Update card">
      <input type="hidden" name="studio" value={studio} />
      <div>
        <SubmitButton variant="outline" pendingLabel="Opening Stripe…">
          Update card
        </SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
      </div>
    </form>
  );
}
