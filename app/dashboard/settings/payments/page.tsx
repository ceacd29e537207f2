import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { getStripeStatus, refreshStripeAccount, type StripeStatus } from "@/lib/stripe/connect";
import { OwnersOnly } from "../owner-only";
import { ConnectStripeForm, RefreshStripeForm } from "./stripe-forms";

export const metadata: Metadata = { title: "Payments" };

type SearchParams = Promise<{ onboarding?: string }>;

/**
 * Settings → Payments (P0): the owner connects the studio's own Stripe account
 * (Roster is the platform), continues onboarding, and sees whether members pay
 * by card online or at the studio.
 */
export default async function PaymentsSettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "stripe.manage")) return <OwnersOnly what="manage payments" />;
  const { onboarding } = await searchParams;
  let status: StripeStatus = await getStripeStatus(ctx);
  // Back from Stripe's onboarding: read the account once so the page says where it stands.
  if (onboarding === "return" && status.accountId && !status.chargesEnabled) status = await refreshStripeAccount(ctx);

  return (
    <Card className="max-w-3xl">
      <CardHeader>
        <CardTitle>Payments</CardTitle>
        <CardDescription>
          Members pay for plans and drop-in classes by card through Stripe, straight into your studio&apos;s own Stripe
          account. Until it is connected and ready, purchases are paid at the studio: each one is recorded as a payment
          due that you mark paid.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted-foreground">How members pay</dt>
            <dd className="mt-1">
              {status.ready ? (
                <Badge variant="success">By card online</Badge>
              ) : (
                <Badge variant="neutral">At the studio</Badge>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Stripe account</dt>
            <dd className="mt-1">
              {status.accountId ? (
                <span className="flex flex-wrap items-center gap-2">
                  <code className="font-mono text-xs">{status.accountId}</code>
                  {status.chargesEnabled ? (
                    <Badge variant="success">Ready</Badge>
                  ) : (
                    <Badge variant="warning">Onboarding not finished</Badge>
                  )}
                </span>
              ) : (
                "Not connected"
              )}
            </dd>
          </div>
        </dl>

        {!status.configured ? (
          <Alert variant="warning" title="Stripe is not set up on this Roster">
            The server has no Stripe key (<code>STRIPE_SECRET_KEY</code>), so members pay at the studio. Whoever runs
            Roster can add it; the README says how.
          </Alert>
        ) : !status.accountId ? (
          <div className="grid gap-2">
            <p className="text-sm text-muted-foreground">
              Connecting opens Stripe, where you create or sign in to your studio&apos;s account and give your business
              and bank details.
            </p>
            <ConnectStripeForm label="Connect Stripe" />
          </div>
        ) : !status.chargesEnabled ? (
          <div className="grid gap-3">
            {onboarding === "refresh" ? (
              <Alert variant="info" title="The Stripe link expired">
                Links to Stripe&apos;s onboarding last a few minutes. Continue to get a fresh one.
              </Alert>
            ) : (
              <Alert variant="warning" title="Stripe cannot take payments yet">
                Finish onboarding at Stripe. Until then, members keep paying at the studio.
              </Alert>
            )}
            <div className="flex flex-wrap items-start gap-3">
              <ConnectStripeForm label="Continue onboarding" />
              <RefreshStripeForm />
            </div>
          </div>
        ) : (
          <div className="grid gap-3">
            <Alert variant="success" title="Card payments are on">
              Members pay for plans and drop-ins by card; recurring plans renew through Stripe subscriptions.
            </Alert>
            <RefreshStripeForm />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
