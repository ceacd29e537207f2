import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { systemContext } from "@/lib/auth";
import { formatDateTime } from "@/lib/core/format";
import { confirmationSessionSummary, findConfirmation } from "@/lib/identity/confirmations";
import { portalStudio } from "../portal";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm", referrer: "no-referrer" };

/** A5: what a confirmation link asks, and the button that confirms it (a POST). */
export default async function ConfirmPage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string }>;
  searchParams: Promise<{ token?: string }>;
}) {
  const studio = await portalStudio((await params).studio);
  const { token } = await searchParams;
  const ctx = await systemContext(studio, "email confirmation page");
  const held = typeof token === "string" ? await findConfirmation(ctx, token) : null;
  let title = "This link has expired or was already used";
  let description = "Nothing was changed. Ask again from the studio's page if you still want it.";
  let label = "";
  if (held) {
    const data = JSON.parse(held.data) as { sessionId?: string; name?: string; primaryName?: string };
    if (held.purpose === "guest_booking" && data.sessionId) {
      const row = await confirmationSessionSummary(ctx, data.sessionId);
      title = "Confirm your booking";
      description = row
        ? `${row.title}, ${formatDateTime(row.startsAt, studio.timezone)}, at ${studio.name}. Paid at the studio.`
        : `At ${studio.name}.`;
      label = "Confirm my booking";
    } else {
      title = "Join a household";
      description = `${data.primaryName ?? "A member"} asked to add you (${held.email}) to their household at ${studio.name}, so that they can book classes for you and see your bookings there.`;
      label = "Yes, add me";
    }
  }
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle as="h1">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {held && typeof token === "string" ? (
        <CardContent>
          <ConfirmForm studio={studio.slug} token={token} label={label} />
        </CardContent>
      ) : null}
    </Card>
  );
}
