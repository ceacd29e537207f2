import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { studioSettings } from "@/lib/studios/settings";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage() {
  const ctx = await requireStaffContext();
  const owner = can(ctx, "settings");
  const { name, timezone, currency } = ctx.studio;
  const { bookingOpensDaysBefore, bookingClosesMinutesBefore, waitlistCutoffHours } = studioSettings(ctx.studio);
  const { lateCancelHours, noRestoreAfterNewPass, sessionReminderHours, lateCancelPolicy, noShowPolicy } =
    studioSettings(ctx.studio);
  // B9: a fee as typed in major units; forfeit = empty.
  const fee = (p: typeof noShowPolicy) => (p.kind === "fee" && p.feeCents ? (p.feeCents / 100).toFixed(2) : "");

  return (
    <Card className="max-w-3xl">
      <CardHeader>
        <CardTitle>General</CardTitle>
        <CardDescription>
          How your studio is named, which clock and currency it uses, and its booking rules.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {owner ? null : (
          <Alert variant="warning" title="Only owners can change these settings">
            You can see them here. Ask your studio&apos;s owner if something needs to change.
          </Alert>
        )}
        <SettingsForm
          readOnly={!owner}
          timezones={[...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])]}
          settings={{
            name,
            timezone,
            currency,
            lateCancelHours,
            noRestoreAfterNewPass,
            sessionReminderHours,
            bookingOpensDaysBefore,
            bookingClosesMinutesBefore,
            waitlistCutoffHours,
            lateCancelFee: fee(lateCancelPolicy),
            noShowFee: fee(noShowPolicy),
          }}
        />
      </CardContent>
    </Card>
  );
}
