import type { MembershipStatus } from "@/db/schema";
import type { PayStanding } from "@/lib/memberships";
import { Badge } from "@/app/_ui";
import { formatDate } from "@/lib/core/format";
import { STATUS_LABELS, STATUS_VARIANTS } from "./labels";

/**
 * A membership's effective status (M4: pass the status from effectiveStatus,
 * never the row's). An active membership that has not started yet says when it starts. With `standing`
 * (payStanding, O2), an active pack with no session left says so instead of reading as valid.
 */
export function MembershipStatusBadge({
  status,
  startsAt,
  now,
  timeZone,
  standing,
}: {
  status: MembershipStatus;
  startsAt: Date;
  now: Date;
  timeZone: string;
  standing?: PayStanding;
}) {
  if (status === "active" && standing === "no_sessions_left") {
    return <Badge variant="warning">No sessions left</Badge>;
  }
  if (status === "active" && startsAt > now) {
    return <Badge variant="brand">Starts {formatDate(startsAt, timeZone)}</Badge>;
  }
  return <Badge variant={STATUS_VARIANTS[status]}>{STATUS_LABELS[status]}</Badge>;
}
