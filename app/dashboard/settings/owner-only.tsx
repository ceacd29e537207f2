import { Alert } from "@/app/_ui";
import type { Ctx } from "@/lib/core/ctx";
import { can } from "@/lib/core/permissions";

/** @deprecated T2: use `can(ctx, permission)` with the permission the control needs. Holds `settings`. */
export const isOwner = (ctx: Ctx): boolean => can(ctx, "settings");

/** The friendly refusal a role without the permission sees on a settings page (T2; the verbs enforce it themselves). */
export function OwnersOnly({ what }: { what: string }) {
  return (
    <Alert variant="warning" title={`Only owners can ${what}`}>
      Ask your studio&apos;s owner if you need a change here.
    </Alert>
  );
}
