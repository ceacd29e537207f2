"use client";

import type { MembershipStatus, PlanKind } from "@/db/schema";
import { useId, useState } from "react";
import { MoreHorizontal } from "lucide-react";
import {
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  Field,
  Input,
  Textarea,
  VisuallyHidden,
} from "@/app/_ui";
import {
  adjustMembershipAction,
  cancelMembershipAction,
  extendMembershipAction,
  suspendMembershipAction,
} from "./actions";
import { ActionDialog } from "./action-dialog";
import { PaymentField } from "./payment-field";

/** What the row actions need to know about one membership, computed on the server. */
export type MembershipActionTarget = {
  id: string;
  holderName: string;
  planName: string;
  planKind: PlanKind;
  /** The effective status (M4). */
  status: MembershipStatus;
  /** A suspension is planned or running (one at a time, M9). */
  suspensionPending: boolean;
  /** The last day the membership covers, as YYYY-MM-DD in the studio's zone; "" when open-ended. */
  endDay: string;
  /** Today in the studio's zone, YYYY-MM-DD. */
  today: string;
  sessionsRemaining: number | null;
  /** The plan's price as shown, or null when free: extending records a payment of it. */
  price: string | null;
};

type ActionKey = "cancel" | "suspend" | "extend" | "adjust";

/**
 * Cancel, Suspend, Extend and Adjust for one membership, each in a dialog, in place. In a table row (`layout="menu"`,
 * the default) they sit in one "Actions" menu; on the membership's own page (`layout="buttons"`) as buttons.
 */
export function MembershipActions({ m, layout = "menu" }: { m: MembershipActionTarget; layout?: "menu" | "buttons" }) {
  const ended = m.status === "cancelled" || m.status === "expired";
  const who = `${m.holderName}’s ${m.planName}`;
  const hidden = { id: m.id };
  const [chosen, setChosen] = useState<ActionKey | null>(null);
  const menuButtonId = useId();
  const asMenu = layout === "menu";
  const control = (key: ActionKey) =>
    asMenu
      ? {
          control: {
            open: chosen === key,
            onOpenChange: (open: boolean) => setChosen(open ? key : null),
            returnFocus: () => document.getElementById(menuButtonId)?.focus(),
          },
        }
      : {};
  const can = {
    cancel: !ended,
    suspend: !ended && !m.suspensionPending,
    extend: m.planKind !== "recurring",
    adjust: true,
  };

  return (
    <div className="flex flex-wrap justify-end gap-2">
      {asMenu ? (
        <DropdownMenu modal={false}>
          <DropdownMenuTrigger asChild>
            <Button id={menuButtonId} variant="outline" size="sm">
              <MoreHorizontal aria-hidden="true" /> Actions
              <VisuallyHidden> for membership: {who}</VisuallyHidden>
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            {can.suspend ? <DropdownMenuItem onSelect={() => setChosen("suspend")}>Suspend…</DropdownMenuItem> : null}
            {can.extend ? <DropdownMenuItem onSelect={() => setChosen("extend")}>Extend…</DropdownMenuItem> : null}
            <DropdownMenuItem onSelect={() => setChosen("adjust")}>Adjust…</DropdownMenuItem>
            {can.cancel ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem variant="danger" onSelect={() => setChosen("cancel")}>
                  Cancel membership…
                </DropdownMenuItem>
              </>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
      {can.cancel ? (
        <ActionDialog
          trigger="Cancel"
          {...control("cancel")}
          triggerContext={`membership: ${who}`}
          title={`Cancel ${who}?`}
          description="Its rights end now. The client, the membership's history and its payments stay (M8)."
          action={cancelMembershipAction}
          hidden={hidden}
          submitLabel="Cancel membership"
          pendingLabel="Cancelling…"
          dismissLabel="Keep it"
          danger
        >
          {(state) => (
            <Field label="Reason (optional)" htmlFor={`cancel-reason-${m.id}`} error={state.fieldErrors?.reason}>
              <Textarea name="reason" rows={2} maxLength={500} defaultValue={state.values?.reason} />
            </Field>
          )}
        </ActionDialog>
      ) : null}

      {can.suspend ? (
        <ActionDialog
          trigger="Suspend"
          {...control("suspend")}
          triggerContext={`membership: ${who}`}
          title={`Suspend ${who}`}
          description="No rights between these days; the end date moves later by the same number of days."
          action={suspendMembershipAction}
          hidden={hidden}
          submitLabel="Suspend"
          pendingLabel="Suspending…"
        >
          {(state) => {
            const e = state.fieldErrors ?? {};
            return (
              <>
                <div className="grid gap-4 sm:grid-cols-2">
                  <Field label="First day suspended" htmlFor={`suspend-from-${m.id}`} error={e.from} required>
                    <Input name="fromDate" type="date" defaultValue={state.values?.fromDate ?? m.today} required />
                  </Field>
                  <Field label="Last day suspended" htmlFor={`suspend-until-${m.id}`} error={e.until} required>
                    <Input name="untilDate" type="date" defaultValue={state.values?.untilDate} required />
                  </Field>
                </div>
                <Field label="Reason (optional)" htmlFor={`suspend-reason-${m.id}`} error={e.reason}>
                  <Input
                    name="reason"
                    maxLength={500}
                    defaultValue={state.values?.reason}
                    placeholder="e.g. injury, travel"
                  />
                </Field>
              </>
            );
          }}
        </ActionDialog>
      ) : null}

      {can.extend ? (
        <ActionDialog
          trigger="Extend"
          {...control("extend")}
          triggerContext={`membership: ${who}`}
          title={`Extend ${who}`}
          description={
            m.planKind === "sessions"
              ? `A new pack starts today with a fresh count.${m.sessionsRemaining ? ` The ${m.sessionsRemaining} unused session(s) are forfeited.` : ""}${m.price ? ` Records a sale of ${m.price}.` : ""}`
              : `Adds another period after the current end (or from today if it has ended).${m.price ? ` Records a sale of ${m.price}.` : ""}`
          }
          action={extendMembershipAction}
          hidden={hidden}
          submitLabel="Extend"
          pendingLabel="Extending…"
        >
          {(state) => (
            <>
              {m.price ? (
                <PaymentField
                  id={`extend-payment-${m.id}`}
                  error={state.fieldErrors?.payment}
                  defaultValue={state.values?.payment}
                />
              ) : (
                <input type="hidden" name="payment" value="due" />
              )}
              <Field label="Note (optional)" htmlFor={`extend-reason-${m.id}`} error={state.fieldErrors?.reason}>
                <Input name="reason" maxLength={500} defaultValue={state.values?.reason} />
              </Field>
            </>
          )}
        </ActionDialog>
      ) : null}

      <ActionDialog
        trigger="Adjust"
        {...control("adjust")}
        triggerContext={`membership: ${who}`}
        title={`Adjust ${who}`}
        description="Correct the end date or the sessions left. The reason is kept in the membership's history."
        action={adjustMembershipAction}
        hidden={{ ...hidden, originalEndDate: m.endDay }}
        submitLabel="Save adjustment"
        pendingLabel="Saving…"
      >
        {(state) => {
          const e = state.fieldErrors ?? {};
          return (
            <>
              <Field
                label="Last day"
                htmlFor={`adjust-end-${m.id}`}
                error={
                  m.sessionsRemaining === null
                    ? [...new Set([...(e.endsAt ?? []), ...(e.sessionsDelta ?? [])])]
                    : e.endsAt
                }
                hint={m.endDay ? "Valid to the end of this day." : "Open-ended now; set a last day to end it."}
              >
                <Input name="endDate" type="date" defaultValue={state.values?.endDate ?? m.endDay} />
              </Field>
              {m.sessionsRemaining !== null ? (
                <Field
                  label="Change sessions by"
                  htmlFor={`adjust-sessions-${m.id}`}
                  error={e.sessionsDelta}
                  hint={`${m.sessionsRemaining} left now. Use a minus sign to take sessions away, e.g. -2.`}
                >
                  <Input
                    name="sessionsDelta"
                    inputMode="numeric"
                    defaultValue={state.values?.sessionsDelta}
                    placeholder="e.g. 2 or -2"
                  />
                </Field>
              ) : null}
              <Field label="Reason" htmlFor={`adjust-reason-${m.id}`} error={e.reason} required>
                <Textarea name="reason" rows={2} maxLength={500} defaultValue={state.values?.reason} required />
              </Field>
            </>
          );
        }}
      </ActionDialog>
    </div>
  );
}
