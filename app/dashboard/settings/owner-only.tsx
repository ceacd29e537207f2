import { Alert } from "@/app/_ui";
import { hasOwnerRights } from "@/lib/core/ctx";

/** For showing the right page and controls only; the verbs enforce the role themselves. */
export const isOwner = hasOwnerRights;

/** The friendly refusal an instructor sees on an owner-only settings page. */
export function OwnersOnly({ what }: { what: string }) {
  return (
    <Alert variant="warning" title={`Only owners can ${what}`}>
      Ask your studio&apos;s owner if you need a change here.
    </Alert>
  );
}
