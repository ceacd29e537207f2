import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { systemContext } from "@/lib/auth";
import { isUnsubscribeToken } from "@/lib/retention";
import { portalStudio } from "../portal";
import { UnsubscribeForm } from "./unsubscribe-form";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

/** C2: the page an automated mail's unsubscribe link opens, signed in or not; its button turns consent off. */
export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string }>;
  searchParams: Promise<{ t?: string }>;
}) {
  const studio = await portalStudio((await params).studio);
  const { t } = await searchParams;
  const ctx = await systemContext(studio, "unsubscribe page");
  const valid = typeof t === "string" && isUnsubscribeToken(ctx, t);
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle as="h1">
          {valid ? `Unsubscribe from ${studio.name}` : "This unsubscribe link is not valid"}
        </CardTitle>
        <CardDescription>
          {valid
            ? `Stop the marketing mail ${studio.name} sends you, such as welcome and "we miss you" mails. Mails about your own bookings and payments still arrive.`
            : "Nothing was changed. Copy the whole link from the mail, or ask the studio to stop mailing you."}
        </CardDescription>
      </CardHeader>
      {valid ? (
        <CardContent>
          <UnsubscribeForm studio={studio.slug} token={t} />
        </CardContent>
      ) : null}
    </Card>
  );
}
