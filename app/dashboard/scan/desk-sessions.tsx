"use client";

import { useActionState, useEffect, useRef } from "react";
import { CircleCheck } from "lucide-react";
import { Badge, FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { checkInAction } from "./actions";

/** One of today's sessions as the desk shows it, already worded on the server. */
export type DeskRow = {
  sessionId: string;
  title: string;
  time: string;
  location: string | null;
  /** checked_in: present; booked: a place, not checked in; no_show: marked no-show; walk_in: not booked, bookable now. */
  state: "checked_in" | "booked" | "no_show" | "walk_in" | "closed";
  /** What pays (a walk-in's preview), or why it cannot be booked. */
  note: string | null;
  /** The note is a refusal (shown in the warning tone). */
  refused: boolean;
};

/** O2: today's sessions with one-tap check-in; the result message takes the focus. */
export function DeskSessions({
  clientId,
  clientName,
  rows,
}: {
  clientId: string;
  clientName: string;
  rows: DeskRow[];
}) {
  const [state, act] = useActionState(checkInAction, initialFormState);
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.message || state.formError) messageRef.current?.focus();
  }, [state]);

  return (
    <div className="grid gap-3">
      <div ref={messageRef} tabIndex={-1} className="grid gap-2 outline-none empty:hidden">
        {state.ok ? <FormMessage variant="success">{state.message}</FormMessage> : null}
        <FormMessage>{state.ok ? null : state.formError}</FormMessage>
      </div>
      <ul className="divide-y divide-border rounded-md border border-border">
        {rows.map((r) => (
          <li
            key={r.sessionId}
            data-testid="desk-session"
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-3 py-3"
          >
            <div className="grid min-w-0 gap-0.5">
              <span className="font-medium">
                <span className="tabular-nums">{r.time}</span> · {r.title}
              </span>
              {r.location ? <span className="text-xs text-muted-foreground">{r.location}</span> : null}
              {r.note ? (
                <span className={r.refused ? "text-xs text-warning-900" : "text-xs text-muted-foreground"}>
                  {r.note}
                </span>
              ) : null}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {r.state === "checked_in" ? (
                <Badge variant="success">
                  <CircleCheck aria-hidden="true" /> Checked in
                </Badge>
              ) : null}
              {r.state === "booked" ? <Badge variant="brand">Booked</Badge> : null}
              {r.state === "no_show" ? <Badge variant="warning">Marked no-show</Badge> : null}
              {r.state === "booked" || r.state === "no_show" || r.state === "walk_in" ? (
                <form action={act}>
                  <input type="hidden" name="clientId" value={clientId} />
                  <input type="hidden" name="sessionId" value={r.sessionId} />
                  <SubmitButton
                    size="sm"
                    variant={r.state === "walk_in" ? "outline" : "primary"}
                    pendingLabel="Checking in…"
                    aria-label={`${r.state === "walk_in" ? "Book and check in" : "Check in"} ${clientName} to ${r.title} at ${r.time}`}
                  >
                    {r.state === "walk_in" ? "Book and check in" : "Check in"}
                  </SubmitButton>
                </form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
