import { Card, CardContent, CardDescription, CardHeader, CardTitle, CopyButton } from "@/app/_ui";
import { getClientCard } from "@/lib/cards/get-card";
import type { Ctx } from "@/lib/core/ctx";
import { ReplaceCardButton } from "./replace-card-button";

/** W1: the client's member card on their page: the QR code staff scan, the token to type, and "Replace card". */
export async function MemberCard({ ctx, clientId }: { ctx: Ctx; clientId: string }) {
  const card = await getClientCard(ctx, clientId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Member card</CardTitle>
        <CardDescription>
          The client shows this code from the member portal; staff read it with Scan card. It carries no name or id.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-start gap-6">
        <div
          role="img"
          aria-label={`QR code of ${card.client.name}'s member card`}
          className="aspect-square w-40 shrink-0 rounded-md border border-border bg-white p-1 [&_svg]:block [&_svg]:size-full"
          // Generated on the server from the card token (hex only), never from user input.
          dangerouslySetInnerHTML={{ __html: card.qrSvg }}
        />
        <div className="grid min-w-0 flex-1 gap-3">
          <div className="grid gap-1">
            <p className="text-xs font-medium text-muted-foreground">Card token</p>
            <code
              data-testid="card-token"
              className="break-all rounded-md border border-border bg-muted px-2 py-1 font-mono text-xs"
            >
              {card.token}
            </code>
          </div>
          <div className="flex flex-wrap items-start gap-2">
            <CopyButton text={card.token} label="Copy card token" />
            <ReplaceCardButton clientId={card.client.id} clientName={card.client.name} />
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
