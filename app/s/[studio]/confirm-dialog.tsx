"use client";

import { useRef, useState, type ReactElement, type ReactNode } from "react";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Button,
  SubmitButton,
} from "@/app/_ui";

/**
 * The open state of a ConfirmDialog. `done()` is called by the action once it has answered: the dialog closes and
 * the focus goes to the action's result (the caller's), not back to a button the result may have replaced.
 */
export function useConfirm() {
  const [open, setOpen] = useState(false);
  const submitted = useRef(false);
  const done = () => {
    submitted.current = true;
    setOpen(false);
  };
  /** Whether the dialog closes because the action answered (once: it resets). */
  const closedByAction = () => {
    const was = submitted.current;
    submitted.current = false;
    return was;
  };
  return { open, setOpen, done, closedByAction };
}

export type ConfirmTexts = { heading: string; text: string | null; yes: string; no: string; danger: boolean };

/**
 * O4, B7, S6: what the member is asked before cancelling a booking, the same on My bookings and on the class page;
 * `forName`: a household participant's booking (H1), not the member's own.
 */
export function cancelBookingTexts(title: string, consequence: string | null, forName?: string): ConfirmTexts {
  return {
    heading: forName ? `Cancel ${forName}'s booking of ${title}?` : `Cancel your booking of ${title}?`,
    text: consequence ?? "This booking can no longer be cancelled here.",
    yes: "Cancel booking",
    no: forName ? "Keep the booking" : "Keep my booking",
    danger: true,
  };
}

/**
 * A portal button that asks first (O4): the trigger opens a dialog saying what happens, and its confirm button
 * submits `children` (the hidden fields) to `action`.
 */
export function ConfirmDialog({
  confirm,
  trigger,
  texts,
  pendingLabel,
  action,
  children,
}: {
  confirm: ReturnType<typeof useConfirm>;
  trigger: ReactElement;
  texts: ConfirmTexts;
  pendingLabel: string;
  action: (form: FormData) => void;
  children: ReactNode;
}) {
  return (
    <Dialog open={confirm.open} onOpenChange={confirm.setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        onCloseAutoFocus={(e) => {
          if (confirm.closedByAction()) e.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>{texts.heading}</DialogTitle>
          <DialogDescription data-testid="confirm-text">{texts.text}</DialogDescription>
        </DialogHeader>
        <form action={action}>
          {children}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                {texts.no}
              </Button>
            </DialogClose>
            <SubmitButton variant={texts.danger ? "danger" : "primary"} pendingLabel={pendingLabel}>
              {texts.yes}
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
