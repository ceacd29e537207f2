import type { Metadata } from "next";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { can } from "@/lib/core/permissions";
import { plural } from "@/lib/core/format";
import { listRetentionFlows, previewRetentionAudience } from "@/lib/retention";
import { OwnersOnly } from "../owner-only";
import { AutomationForm } from "./automation-form";

export const metadata: Metadata = { title: "Automations" };

/** Settings → Automations: the three retention flows, each with its switch, template and audience (issue 17, C2). */
export default async function AutomationsPage() {
  const ctx = await requireStaffContext();
  if (!can(ctx, "settings")) return <OwnersOnly what="change automations" />;
  const flows = await listRetentionFlows(ctx);
  const previews = await Promise.all(flows.map((f) => previewRetentionAudience(ctx, { flow: f.flow })));
  const linksConfigured = previews.every((p) => p.linksConfigured);

  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h2 className="text-lg font-semibold tracking-tight">Automations</h2>
        <p className="text-sm text-muted-foreground">
          Mails Roster sends for you at the right moment. Each client gets each one at most once per occasion, and only
          if they agreed to marketing mail. Every mail carries an unsubscribe link, and is listed under Sent mail and on
          the client&apos;s page. All are off until you switch them on.
        </p>
      </div>
      {!linksConfigured ? (
        <Alert variant="warning" title="Automations cannot send yet">
          Set APP_URL to the address of this app: every automated mail needs an unsubscribe link that opens it.
        </Alert>
      ) : null}
      {flows.map((f, i) => {
        const p = previews[i]!;
        const more = p.count - p.names.length;
        return (
          <Card key={f.flow}>
            <CardHeader>
              <div className="flex flex-wrap items-center gap-2">
                <CardTitle as="h3">{f.title}</CardTitle>
                <Badge variant={f.enabled ? "success" : "neutral"}>{f.enabled ? "On" : "Off"}</Badge>
              </div>
              <CardDescription>{f.trigger}</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <section
                aria-label={`${f.title}: who would get it now`}
                className="rounded-md border border-border p-3 text-sm"
              >
                <p className="font-medium">
                  {f.enabled ? "Next to receive it" : "If you switch it on now"}: {plural(p.count, "client")}
                </p>
                {p.names.length ? (
                  <p className="text-muted-foreground">
                    {p.names.join(", ")}
                    {more > 0 ? ` and ${more} more` : ""}
                  </p>
                ) : null}
              </section>
              <AutomationForm flow={f.flow} title={f.title} enabled={f.enabled} subject={f.subject} body={f.body} />
            </CardContent>
          </Card>
        );
      })}
    </div>
  );
}
