import Link from "next/link";
import { CalendarX } from "lucide-react";
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  type BadgeProps,
} from "@/app/_ui";
import type { CheckInDesk, DeskMembership, DeskSession } from "@/lib/checkins";
import { formatDate, formatMoney, formatTime } from "@/lib/core/format";
import { DeskSessions, type DeskRow } from "./desk-sessions";
import { FocusOnArrival } from "./focus-on-arrival";

type Tone = NonNullable<BadgeProps["variant"]>;

const sessionsLeft = (n: number) => `${n} ${n === 1 ? "session" : "sessions"} left`;

/**
 * O2, W1, M4: how one membership reads at the desk, from payStanding (lib/memberships): only one that can pay now
 * is green; a pack at 0, a suspended, past-due, expired or cancelled membership says why it cannot.
 */
export function membershipView(m: DeskMembership, tz: string): { label: string; tone: Tone; details: string[] } {
  const date = (d: Date) => formatDate(d, tz);
  const count =
    m.sessionsRemaining !== null
      ? [sessionsLeft(m.sessionsRemaining) + (m.sessionsTotal !== null ? ` of ${m.sessionsTotal}` : "")]
      : [];
  switch (m.standing) {
    case "active":
      return {
        label: "Can pay",
        tone: "success",
        details: [m.endsAt ? `Until ${date(m.endsAt)}` : "No end date", ...count],
      };
    case "not_started":
      return { label: "Not started yet", tone: "warning", details: [`Starts ${date(m.startsAt)}`] };
    case "no_sessions_left":
      return {
        label: "No sessions left — cannot pay",
        tone: "danger",
        details: [...count, m.endsAt ? `Until ${date(m.endsAt)}` : "No end date"],
      };
    case "expired":
      return {
        label: "Expired — no longer active",
        tone: "danger",
        details: m.endsAt ? [`Ended ${date(m.endsAt)}`] : [],
      };
    case "cancelled":
      return { label: "Cancelled — no longer active", tone: "danger", details: [] };
    case "suspended":
      return { label: "Suspended (frozen) — cannot pay", tone: "warning", details: [] };
    case "past_due":
      return {
        label: "Payment overdue — cannot pay",
        tone: "warning",
        details: ["A renewal payment failed; it pays again once that is paid."],
      };
  }
}

/** What a session row says at the desk: the booking's state, or what a walk-in booking would cost. */
function deskRow(s: DeskSession, tz: string): DeskRow {
  const base = {
    sessionId: s.session.id,
    title: s.cls.title,
    time: formatTime(s.session.startsAt, tz),
    location: s.cls.location,
  };
  if (s.booking) {
    const state = s.booking.status === "no_show" ? "no_show" : s.booking.present ? "checked_in" : "booked";
    return { ...base, state, note: null, refused: false };
  }
  const w = s.walkIn;
  if (!w) return { ...base, state: "closed", note: "Started: a booking can no longer be made.", refused: true };
  if (!w.ok) return { ...base, state: "closed", note: `Cannot book: ${w.message}`, refused: true };
  let note: string;
  if (w.membershipId)
    note =
      w.sessionsLeftAfter !== null
        ? `Pays with ${w.planName} (${sessionsLeft(w.sessionsLeftAfter)} after).`
        : `Pays with ${w.planName}.`;
  else
    note =
      w.priceCents && w.priceCents > 0
        ? `Drop-in: ${formatMoney(w.priceCents, w.currency)} due at the desk.`
        : "Drop-in, free.";
  return { ...base, state: "walk_in", note, refused: false };
}

/** O2: the person at the desk: who they are, whether a membership can pay, and today's sessions with check-in. */
export function DeskPanel({ desk, timeZone, focus }: { desk: CheckInDesk; timeZone: string; focus: boolean }) {
  const { client, memberships, sessions } = desk;
  const payers = memberships.filter((m) => m.canPay);
  // The studio's day (YYYY-MM-DD), at its noon in UTC, formatted in UTC: the same calendar day whatever the zone.
  const [y, mo, d] = desk.day.split("-").map(Number);
  const today = formatDate(new Date(Date.UTC(y!, mo! - 1, d!, 12)), "UTC");
  return (
    <section aria-labelledby="scan-result-name" className="grid gap-4">
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
          <div className="grid min-w-0 gap-1">
            <CardTitle id="scan-result-name" tabIndex={-1} className="text-xl outline-none">
              {client.name}
            </CardTitle>
            <CardDescription className="break-words">{client.email ?? "No email address"}</CardDescription>
          </div>
          <Button asChild variant="outline" size="sm">
            <Link href={`/dashboard/clients/${client.id}`}>Open client</Link>
          </Button>
          {focus ? <FocusOnArrival targetId="scan-result-name" /> : null}
        </CardHeader>
        <CardContent className="grid gap-4">
          {payers.length ? (
            <Alert variant="success" title="A membership can pay">
              {payers.map((m) => m.plan.name).join(", ")}
              {payers.length === 1 && payers[0]!.sessionsRemaining !== null
                ? ` (${sessionsLeft(payers[0]!.sessionsRemaining)})`
                : ""}
              .
            </Alert>
          ) : (
            <Alert variant="warning" title={memberships.length ? "No membership can pay" : "No membership"}>
              {memberships.length
                ? `None of ${client.name}'s memberships can pay for a class now. Offer a new membership or a drop-in.`
                : `${client.name} has no membership yet. Offer one, or a drop-in.`}
            </Alert>
          )}
          {memberships.length ? (
            <section aria-labelledby="scan-result-memberships" className="grid gap-2">
              <h3 id="scan-result-memberships" className="text-sm font-semibold">
                Memberships
              </h3>
              <ul className="divide-y divide-border rounded-md border border-border">
                {memberships.map((m) => {
                  const view = membershipView(m, timeZone);
                  return (
                    <li
                      key={m.id}
                      data-testid="scan-membership"
                      className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 px-3 py-2"
                    >
                      <div className="grid min-w-0 gap-0.5">
                        <span className="font-medium">{m.plan.name}</span>
                        {view.details.length ? (
                          <span className="text-xs text-muted-foreground">{view.details.join(" · ")}</span>
                        ) : null}
                      </div>
                      <div className="flex flex-wrap gap-1">
                        {m.inherited ? <Badge variant="neutral">Through a company</Badge> : null}
                        <Badge variant={view.tone} className="whitespace-normal">
                          {view.label}
                        </Badge>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Today&apos;s sessions</CardTitle>
          <CardDescription>{today}. Check in a booking, or book a walk-in and check them in.</CardDescription>
        </CardHeader>
        <CardContent>
          {sessions.length ? (
            <DeskSessions
              clientId={client.id}
              clientName={client.name}
              rows={sessions.map((s) => deskRow(s, timeZone))}
            />
          ) : (
            <EmptyState
              icon={CalendarX}
              headingLevel="h3"
              title="No sessions today"
              description="The schedule has no session today. Add one under Schedule to book and check people in."
            />
          )}
        </CardContent>
      </Card>
    </section>
  );
}
