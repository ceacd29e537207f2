import { Badge, type BadgeProps } from "@/app/_ui";
import type { ClientStatus } from "@/lib/crm/client-stats";
import { CLIENT_STATUS_HINTS, CLIENT_STATUS_LABELS } from "./labels";

const VARIANTS: Record<ClientStatus, NonNullable<BadgeProps["variant"]>> = {
  new: "neutral",
  active: "success",
  regular: "brand",
  lapsed: "warning",
};

/** R2: a client's standing with the studio (new, active, regular, lapsed). */
export function ClientStatusPill({ status }: { status: ClientStatus }) {
  return (
    <Badge variant={VARIANTS[status]} title={CLIENT_STATUS_HINTS[status]}>
      {CLIENT_STATUS_LABELS[status]}
    </Badge>
  );
}
