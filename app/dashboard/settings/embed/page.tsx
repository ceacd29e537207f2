import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { ExternalLink } from "lucide-react";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, CopyButton } from "@/app/_ui";
import { stripeReturnOrigin } from "@/app/s/[studio]/checkout/return-origin";
import { requireStaffContext } from "@/lib/auth";
import { getEmbedSecret, embedSnippet, embedTokenExample } from "@/lib/embed";
import { studioSettings } from "@/lib/studios/settings";
import { OwnersOnly } from "../owner-only";
import { EmbedOriginsForm, EmbedSecret } from "./embed-forms";

export const metadata: Metadata = { title: "Embed" };

function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="grid gap-2">
      <pre
        className="overflow-x-auto rounded-md border bg-muted p-3 font-mono text-xs leading-relaxed"
        aria-label={label}
        tabIndex={0}
      >
        <code>{code}</code>
      </pre>
      <div>
        <CopyButton text={code} label={`Copy ${label.toLowerCase()}`} variant="outline" size="sm" />
      </div>
    </div>
  );
}

/**
 * Settings → Embed (E1–E3): the one-line snippet for the studio's website, the
 * websites allowed to frame it, and the secret the studio's server signs
 * sign-in tokens with, with a ten-line Node example.
 */
export default async function EmbedSettingsPage() {
  const ctx = await requireStaffContext();
  if (!can(ctx, "embed.manage")) return <OwnersOnly what="set up the sign-up on your website" />;
  const origin = await stripeReturnOrigin();
  const { embedOrigins } = studioSettings(ctx.studio);
  const secret = await getEmbedSecret(ctx);
  const snippet = embedSnippet(origin, ctx.studio.slug);

  return (
    <div className="grid max-w-3xl gap-6">
      <Card>
        <CardHeader>
          <CardTitle>1. Allow your website</CardTitle>
          <CardDescription>Only the sites listed here may show your sign-up in a frame.</CardDescription>
        </CardHeader>
        <CardContent>
          <EmbedOriginsForm origins={embedOrigins} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>2. Paste the snippet</CardTitle>
          <CardDescription>
            Put this where the sign-up should appear on your page. It shows your public plans, sizes itself to its
            content and works in every browser; visitors pay{" "}
            {"by card in Stripe's checkout (when Payments are connected) or at the studio"}.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {embedOrigins.length === 0 ? (
            <Alert variant="warning" title="No website allowed yet">
              Add your website above first: until then, browsers refuse to show the sign-up inside any other site.
            </Alert>
          ) : null}
          <CodeBlock code={snippet} label="Snippet" />
          <p className="text-sm text-muted-foreground">
            Add <code>data-plan=&quot;…&quot;</code> to open one plan directly, and{" "}
            <code>data-onsignup=&quot;myFunction&quot;</code> to hear when someone joins (your page also receives a{" "}
            <code>roster:signup</code> event).{" "}
            <Link
              href={`/embed/${ctx.studio.slug}`}
              target="_blank"
              rel="noopener"
              className="inline-flex items-center gap-1 text-brand-700 underline"
            >
              Preview the sign-up <ExternalLink aria-hidden className="size-3.5" />
            </Link>
          </p>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>3. Optional: sign in visitors your website knows</CardTitle>
          <CardDescription>
            When your site already knows who is visiting, its server signs a short-lived token with this secret and adds
            it to the snippet as <code>data-token</code>. The visitor starts signed in (and becomes your client if new).
            Each token works once, for at most 15 minutes. Keep the secret on your server only.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <EmbedSecret secret={secret} />
          <CodeBlock code={embedTokenExample(ctx.studio.slug)} label="Node example" />
        </CardContent>
      </Card>
    </div>
  );
}
