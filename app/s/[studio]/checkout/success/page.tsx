import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { formatMoney } from "@/lib/core/format";
import { checkoutOfReturn, purchaseHref } from "../checkout-return";

export const metadata: Metadata = { title: "Payment" };

/**
 * Stripe sends the member here after paying (P0). This page only reads: the
 * membership or booking is granted by the webhook when Stripe confirms the
 * payment, never by this redirect.
 */
export default async function CheckoutSuccessPage({
  params,
  searchParams,
}: {
  params: Promise<{ studio: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { studio: slugParam } = await params;
  const { checkout: id } = await searchParams;
  const { checkout, slug } = await checkoutOfReturn(
    slugParam,
    id,
    `/s/${slugParam}/checkout/success?checkout=${id ?? ""}`,
  );
  const what = checkout?.kind === "drop_in" ? "booking" : "membership";
  const where = checkout?.kind === "drop_in" ? `/s/${slug}/bookings` : `/s/${slug}`;
  const whereLabel = checkout?.kind === "drop_in" ? "See my bookings" : "See my memberships";

  return (
    <Card className="mx-auto max-w-xl">
      <CardHeader>
        <CardTitle as="h1">{checkout?.status === "completed" ? "Payment received" : "Thank you"}</CardTitle>
        <CardDescription>
          {checkout
            ? `${formatMoney(checkout.amountCents, checkout.currency)} paid by card through Stripe.`
            : "Your payment went to Stripe."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!checkout ? (
          <Alert variant="warning" title="We could not find this purchase">
            If you paid, your {what} appears once Stripe confirms it. Ask the studio if it does not show up soon.
          </Alert>
        ) : checkout.status === "completed" ? (
          <Alert variant="success" title={`Your ${what} is ready`}>
            Stripe confirmed the payment and emailed you a receipt.
          </Alert>
        ) : checkout.status === "expired" ? (
          <Alert variant="warning" title="This payment page expired">
            Nothing was charged. Start again to buy it.
          </Alert>
        ) : (
          <Alert variant="info" title="Confirming your payment">
            Stripe is confirming the payment; your {what} appears in a moment. Reload this page, or check{" "}
            {what === "booking" ? "My bookings" : "your memberships"}.
          </Alert>
        )}
        <div className="flex flex-wrap gap-2">
          <Button asChild>
            <Link href={where}>{whereLabel}</Link>
          </Button>
          {checkout?.status === "expired" ? (
            <Button asChild variant="outline">
              <Link href={purchaseHref(slug, checkout)}>Start again</Link>
            </Button>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
