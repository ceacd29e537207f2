import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ArrowLeft, Wallet } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, CopyButton, PageHeader } from "@/app/_ui";
import { sessionUserId } from "@/lib/auth";
import { getMyCard, walletButtons } from "@/lib/cards";
import { portalMember, portalStudio } from "../portal";

export const metadata: Metadata = { title: "Member card" };

/** W1: the signed-in member's card, to show at the desk: the QR code, and the token for typing in. */
export default async function MemberCardPage({ params }: { params: Promise<{ studio: string }> }) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const member = await portalMember(slug);
  if (!member) {
    // Signed in but not a client here: the portal home offers to join.
    redirect((await sessionUserId()) ? `/s/${studio.slug}` : `/s/${studio.slug}/signin`);
  }
  const card = await getMyCard(member);
  // W1: each wallet's button only when its settings are complete (lib/cards/wallet-config.ts).
  const wallets = walletButtons();

  return (
    <>
      <PageHeader
        title="Your member card"
        description={`Show this at ${studio.name}'s front desk. Staff scan the code to check you in.`}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href={`/s/${studio.slug}`}>
              <ArrowLeft aria-hidden="true" /> Your account
            </Link>
          </Button>
        }
      />
      <Card className="mx-auto max-w-sm">
        <CardHeader className="items-center text-center">
          <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{studio.name}</p>
          <CardTitle className="text-xl">{card.client.name}</CardTitle>
          <CardDescription>Member card</CardDescription>
        </CardHeader>
        <CardContent className="grid justify-items-center gap-4">
          <div
            role="img"
            aria-label={`QR code of ${card.client.name}'s member card at ${studio.name}`}
            className="aspect-square w-64 max-w-full rounded-md border border-border bg-white p-2 [&_svg]:block [&_svg]:size-full"
            // The SVG is generated on the server from the card token (hex only), never from user input.
            dangerouslySetInnerHTML={{ __html: card.qrSvg }}
          />
          <div className="grid w-full gap-2 text-center">
            <p className="text-xs text-muted-foreground">If the code does not scan, staff can type this card token:</p>
            <code
              data-testid="card-token"
              className="break-all rounded-md border border-border bg-muted px-2 py-1 font-mono text-xs text-foreground"
            >
              {card.token}
            </code>
            <div>
              <CopyButton text={card.token} label="Copy card token" />
            </div>
          </div>
          {wallets.apple || wallets.google ? (
            <div className="grid w-full gap-2" data-testid="wallet-buttons">
              {/* Plain links, not next/link: the answers are a pass file and a redirect to Google, not pages. */}
              {wallets.apple ? (
                <Button asChild variant="outline">
                  <a href={`/s/${studio.slug}/card/apple-wallet`}>
                    <Wallet aria-hidden="true" /> Add to Apple Wallet
                  </a>
                </Button>
              ) : null}
              {wallets.google ? (
                <Button asChild variant="outline">
                  <a href={`/s/${studio.slug}/card/google-wallet`}>
                    <Wallet aria-hidden="true" /> Save to Google Wallet
                  </a>
                </Button>
              ) : null}
            </div>
          ) : null}
          <p className="text-center text-xs text-muted-foreground">
            Keep this card to yourself. If you think someone else has it, ask the studio to replace it: the old code
            then stops working, in your wallet too.
          </p>
        </CardContent>
      </Card>
    </>
  );
}
