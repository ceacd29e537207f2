"use client";

import { useActionState, useState, type ReactNode } from "react";
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
  type ButtonProps,
} from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";

export type ServerFormAction = (prev: FormState, form: FormData) => Promise<FormState>;

export type ActionDialogProps = {
  /** Visible text of the button that opens the dialog. */
  trigger: ReactNode;
  /** Read after the trigger text by screen readers, to tell rows apart ("for Anna Nowak"). */
  triggerContext?: string;
  triggerVariant?: ButtonProps["variant"];
  triggerSize?: ButtonProps["size"];
  title: string;
  description: ReactNode;
  action: ServerFormAction;
  /** Hidden fields sent with the form (ids). */
  hidden: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  danger?: boolean;
  /** The button that closes the dialog without doing anything. */
  dismissLabel?: string;
  /** The dialog's fields, given the last refusal (errors and what was typed). */
  children?: (state: FormState) => ReactNode;
  /**
   * Opened from elsewhere (a menu item) rather than its own button: the dialog is then controlled by `open` and
   * `onOpenChange`, and `returnFocus` says where focus goes when it closes.
   */
  control?: { open: boolean; onOpenChange: (open: boolean) => void; returnFocus: () => void };
};

/**
 * A button that opens a dialog with a small form posting to a server action:
 * errors show inside the dialog beside their fields; on success the dialog
 * closes and the outcome is announced politely. Each opening starts afresh.
 */
export function ActionDialog(props: ActionDialogProps) {
  const [ownOpen, setOwnOpen] = useState(false);
  const [round, setRound] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const { trigger, triggerContext, triggerVariant = "outline", triggerSize = "sm", control } = props;
  const open = control ? control.open : ownOpen;
  const setOpen = control ? control.onOpenChange : setOwnOpen;
  // A controlled dialog starts a fresh form each time it opens, as one with its own button does.
  const [wasOpen, setWasOpen] = useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    if (open && control) {
      setRound((r) => r + 1);
      setAnnouncement("");
    }
  }

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next && !control) {
            setRound((r) => r + 1);
            setAnnouncement("");
          }
        }}
      >
        {control ? null : (
          <DialogTrigger asChild>
            <Button variant={triggerVariant} size={triggerSize}>
              {trigger}
              {triggerContext ? <VisuallyHidden> {triggerContext}</VisuallyHidden> : null}
            </Button>
          </DialogTrigger>
        )}
        <DialogContent
          onCloseAutoFocus={
            control
              ? (e) => {
                  e.preventDefault();
                  control.returnFocus();
                }
              : undefined
          }
        >
          <ActionDialogForm
            key={round}
            {...props}
            onDone={(message) => {
              setOpen(false);
              setAnnouncement(message);
            }}
          />
        </DialogContent>
      </Dialog>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </>
  );
}

function ActionDialogForm({
  title,
  description,
  action,
  hidden,
  submitLabel,
  pendingLabel,
  danger,
  dismissLabel = "Cancel",
  children,
  onDone,
}: ActionDialogProps & { onDone: (message: string) => void }) {
  const [state, run] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await action(prev, form);
    if (next.ok) onDone(next.message ?? "Done.");
    return next;
  }, initialFormState);

  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <form action={run} className="grid gap-4" noValidate>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <FormMessage>{state.formError}</FormMessage>
        {children?.(state)}
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline">
              {dismissLabel}
            </Button>
          </DialogClose>
          <SubmitButton variant={danger ? "danger" : "primary"} pendingLabel={pendingLabel}>
            {submitLabel}
          </SubmitButton>
        </DialogFooter>
      </form>
    </>
  );
}
