import Link from "next/link";
import { CalendarDays } from "lucide-react";
import { EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_ui";
import { formatDate, formatDateTime, formatMoney } from "@/lib/core/format";
import type { ClientBooking } from "@/lib/crm/client-history";
import { BookingStatusBadge } from "./client-labels";
import { MarkPaidButton, PaidAnnouncer, WaiveFeeButton } from "@/app/dashboard/payments/mark-paid";
import { canWaiveFee } from "@/lib/payments";

function who(by: "member" | "staff" | null, name: string | null): string {
  if (by === "member") return "the client";
  if (by === "staff") return name ? `staff (${name})` : "staff";
  return "—";
}

/** B9: a booking's late-cancel or no-show fee, with Mark paid while due and Waive within 24 h. */
function Fee({ f, b, canTakePayments, canWaive, now }: FeeProps) {
  const amount = formatMoney(f.amountCents, f.currency);
  const label = `${f.fee === "no_show" ? "No-show fee" : "Late-cancel fee"} ${amount} for ${b.cls.title}`;
  const state = f.feeWaivedAt ? (f.status === "void" ? "waived" : "waived, refunded") : f.status;
  return (
    <span data-testid="fee">
      {f.fee === "no_show" ? "No-show fee" : "Late-cancel fee"} {amount} {state}
      {f.status === "due" && canTakePayments ? (
        <span className="mt-1 block">
          <MarkPaidButton id={f.id} label={label} />
        </span>
      ) : null}
      {canWaive && canWaiveFee(f, now) ? (
        <span className="mt-1 block">
          <WaiveFeeButton id={f.id} label={label} />
        </span>
      ) : null}
    </span>
  );
}
type FeeProps = {
  f: ClientBooking["fees"][number];
  b: ClientBooking;
  canTakePayments: boolean;
  canWaive: boolean;
  now: Date;
};

function Payment({
  b,
  canTakePayments,
  canWaive,
  now,
}: {
  b: ClientBooking;
  canTakePayments: boolean;
  canWaive: boolean;
  now: Date;
}) {
  const parts = [];
  if (b.membership) {
    parts.push(
      <span key="m">
        <Link
          href={`/dashboard/memberships/${b.membership.id}`}
          className="text-brand-700 underline-offset-2 hover:underline"
        >
          {b.membership.planName}
        </Link>
        {b.membership.sessionTaken ? <span className="text-muted-foreground"> · 1 session</span> : null}
      </span>,
    );
  }
  if (b.payment) {
    const refunded =
      b.payment.refundedCents > 0 ? `, ${formatMoney(b.payment.refundedCents, b.payment.currency)} refunded` : "";
    parts.push(
      <span key="p">
        Drop-in {formatMoney(b.payment.amountCents, b.payment.currency)} {b.payment.status}
        {refunded}
        {/* O3: a drop-in due is marked paid here too. */}
        {b.payment.status === "due" && canTakePayments ? (
          <span className="mt-1 block">
            <MarkPaidButton
              id={b.payment.id}
              label={`Drop-in ${formatMoney(b.payment.amountCents, b.payment.currency)} for ${b.cls.title}`}
            />
          </span>
        ) : null}
      </span>,
    );
  }
  for (const f of b.fees)
    parts.push(<Fee key={f.id} f={f} b={b} canTakePayments={canTakePayments} canWaive={canWaive} now={now} />);
  if (!parts.length) return <span className="text-muted-foreground">Nothing to pay</span>;
  return <div className="grid gap-0.5">{parts}</div>;
}

/** The client's bookings, oldest session first (B3 status, who booked or cancelled, what paid); times in the studio's zone. */
export function BookingHistory({
  bookings,
  timeZone,
  clientName,
  canTakePayments = false,
  canWaiveFees = false,
  now = new Date(),
}: {
  bookings: ClientBooking[];
  timeZone: string;
  clientName: string;
  canTakePayments?: boolean;
  /** B9: staff who may refund waive fees raised in the last 24 h. */
  canWaiveFees?: boolean;
  now?: Date;
}) {
  if (bookings.length === 0) {
    return (
      <EmptyState
        icon={CalendarDays}
        headingLevel="h3"
        title="No bookings yet"
        description={`Book ${clientName} into a class from the schedule; their bookings will be listed here.`}
      />
    );
  }
  return (
    <div>
      {canTakePayments || canWaiveFees ? <PaidAnnouncer /> : null}
      <Table aria-labelledby="client-bookings">
        <TableHeader>
          <TableRow>
            <TableHead>Session</TableHead>
            <TableHead>Class</TableHead>
            <TableHead>Location</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Paid with</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {bookings.map((b) => (
            <TableRow key={b.id} data-testid="booking-row">
              <TableCell className="whitespace-nowrap">
                <time dateTime={b.session.startsAt.toISOString()}>{formatDateTime(b.session.startsAt, timeZone)}</time>
                {b.session.cancelled ? (
                  <span className="block text-xs text-muted-foreground">Session cancelled</span>
                ) : null}
              </TableCell>
              <TableCell>
                <Link
                  href={`/dashboard/schedule/sessions/${b.session.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {b.cls.title}
                </Link>
              </TableCell>
              <TableCell>{b.cls.location ?? "—"}</TableCell>
              <TableCell>
                <div className="grid gap-1">
                  <span>
                    <BookingStatusBadge status={b.status} />
                  </span>
                  <span className="text-xs text-muted-foreground">
                    Booked by {who(b.bookedBy.type, b.bookedBy.name)} on {formatDate(b.createdAt, timeZone)}
                  </span>
                  {b.cancelled ? (
                    <span className="text-xs text-muted-foreground">
                      Cancelled by {who(b.cancelled.by, null)} on {formatDate(b.cancelled.at, timeZone)}
                    </span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell>
                <Payment b={b} canTakePayments={canTakePayments} canWaive={canWaiveFees} now={now} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
