import type { Metadata } from "next";
import Link from "next/link";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { checkoutOfReturn, purchaseHref } from "../checkout-return";

export const metadata: Metadata = { title: "Payment cancelled" };

/** Stripe sends the member here when they leave Checkout without paying (P0): nothing was charged or granted. */
export default async function CheckoutCancelledPage({
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
    `/s/${slugParam}/checkout/cancelled?checkout=${id ?? ""}`,
  );
  return (
    <Card className="mx-auto max-w-xl">
      <CardHeader>
        <CardTitle as="h1">Payment cancelled</CardTitle>
        <CardDescription>
          Nothing was charged and nothing was bought. You can try again whenever you like.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        <Button asChild>
          <Link href={purchaseHref(slug, checkout)}>Try again</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href={`/s/${slug}`}>Back to {checkout ? "my account" : "the studio"}</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
