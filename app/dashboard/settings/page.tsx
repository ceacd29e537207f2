import type { Metadata } from "next";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { studioSettings } from "@/lib/studios/settings";
import { isOwner } from "./owner-only";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage() {
  const ctx = await requireStaffContext();
  const owner = isOwner(ctx);
  const { name, timezone, currency } = ctx.studio;
  const { lateCancelHours, noRestoreAfterNewPass } = studioSettings(ctx.studio);

  return (
    <Card className="max-w-3xl">
      <CardHeader>
        <CardTitle>General</CardTitle>
        <CardDescription>How your studio is named, which clock and currency it uses, and its booking rules.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {owner ? null : (
          <Alert variant="warning" title="Only owners can change these settings">
            You can see them here. Ask your studio&apos;s owner if something needs to change.
          </Alert>
        )}
        <SettingsForm
          readOnly={!owner}
          settings={{ name, timezone, currency, lateCancelHours, noRestoreAfterNewPass }}
        />
      </CardContent>
    </Card>
  );
}
