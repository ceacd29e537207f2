import Link from "next/link";
import { CalendarDays } from "lucide-react";
import { EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_ui";
import { formatDate, formatDateTime, formatMoney } from "@/lib/core/format";
import type { ClientBooking } from "@/lib/crm/client-history";
import { BookingStatusBadge } from "./client-labels";

function who(by: "member" | "staff" | null, name: string | null): string {
  if (by === "member") return "the client";
  if (by === "staff") return name ? `staff (${name})` : "staff";
  return "—";
}

function Payment({ b }: { b: ClientBooking }) {
  const parts = [];
  if (b.membership) {
    parts.push(
      <span key="m">
        <Link href={`/dashboard/memberships/${b.membership.id}`} className="text-brand-700 underline-offset-2 hover:underline">
          {b.membership.planName}
        </Link>
        {b.membership.sessionTaken ? <span className="text-muted-foreground"> · 1 session</span> : null}
      </span>,
    );
  }
  if (b.payment) {
    const refunded = b.payment.refundedCents > 0 ? `, ${formatMoney(b.payment.refundedCents, b.payment.currency)} refunded` : "";
    parts.push(
      <span key="p">
        Drop-in {formatMoney(b.payment.amountCents, b.payment.currency)} {b.payment.status}
        {refunded}
      </span>,
    );
  }
  if (!parts.length) return <span className="text-muted-foreground">Nothing to pay</span>;
  return <div className="grid gap-0.5">{parts}</div>;
}

/** The client's bookings, oldest session first (B3 status, who booked or cancelled, what paid); times in the studio's zone. */
export function BookingHistory({ bookings, timeZone, clientName }: { bookings: ClientBooking[]; timeZone: string; clientName: string }) {
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
    <div className="overflow-x-auto">
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
                {b.session.cancelled ? <span className="block text-xs text-muted-foreground">Session cancelled</span> : null}
              </TableCell>
              <TableCell>
                <Link href={`/dashboard/schedule/sessions/${b.session.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
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
                <Payment b={b} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
