"use client";

import { useActionState, useState } from "react";
import { RefreshCw } from "lucide-react";
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
} from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { rotateCardAction } from "./card-actions";

/** Replacing breaks the client's current card at once, so it asks first; the outcome is announced beside the card. */
export function ReplaceCardButton({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(async (prev: FormState, form: FormData) => {
    const result = await rotateCardAction(prev, form);
    if (result.ok) setOpen(false);
    return result;
  }, initialFormState);

  return (
    <div className="grid gap-2">
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button type="button" variant="outline" size="sm">
            <RefreshCw aria-hidden="true" /> Replace card
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Replace {clientName}&apos;s member card?</DialogTitle>
            <DialogDescription>
              Use this when a card is lost or someone else has it. The current code stops working at once; the client
              sees the new one in the member portal.
            </DialogDescription>
          </DialogHeader>
          <form action={action} className="grid gap-3">
            <input type="hidden" name="clientId" value={clientId} />
            <FormMessage>{state.formError}</FormMessage>
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <SubmitButton variant="danger" pendingLabel="Replacing…">
                Replace card
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <FormMessage variant="success">{state.ok && !open ? state.message : null}</FormMessage>
    </div>
  );
}
