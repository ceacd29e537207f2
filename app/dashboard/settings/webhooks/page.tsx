import type { Metadata } from "next";
import { Webhook } from "lucide-react";
import {
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { can } from "@/lib/core/permissions";
import { formatDateTime } from "@/lib/core/format";
import { listWebhookDeliveries, listWebhookEndpoints, WEBHOOK_EVENTS } from "@/lib/webhooks";
import { OwnersOnly } from "../owner-only";
import { CreateWebhookForm, EndpointActions } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

const STATUS_BADGE = {
  delivered: { variant: "success", label: "Delivered" },
  pending: { variant: "warning", label: "Retrying" },
  failed: { variant: "danger", label: "Failed" },
  skipped: { variant: "neutral", label: "Skipped" },
} as const;

/** X2: Settings → Webhooks: endpoints, their events, and every delivery with its attempts. Owners only. */
export default async function WebhooksPage() {
  const ctx = await requireStaffContext();
  if (!can(ctx, "apikeys.manage")) return <OwnersOnly what="manage webhooks" />;
  const endpoints = await listWebhookEndpoints(ctx);
  const logs = await Promise.all(endpoints.map((e) => listWebhookDeliveries(ctx, e.id, { limit: 20 })));
  const tz = ctx.studio.timezone;

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Webhooks</CardTitle>
          <CardDescription>
            Tell your website, door system or spreadsheet the moment something changes. Roster sends a signed POST
            (header <code className="text-xs">Roster-Signature</code>) for each event you choose, and retries for a day
            when your system is down.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateWebhookForm events={WEBHOOK_EVENTS} />
        </CardContent>
      </Card>

      <section aria-labelledby="endpoints" className="grid gap-4">
        <h3 id="endpoints" className="text-base font-semibold">
          Endpoints
        </h3>
        {endpoints.length === 0 ? (
          <EmptyState
            icon={Webhook}
            headingLevel="h3"
            title="No endpoints yet"
            description="Add one above with the URL of your system and the events it should hear about."
          />
        ) : (
          endpoints.map((e, i) => (
            <Card key={e.id}>
              <CardHeader>
                <CardTitle className="break-all text-base">{e.url}</CardTitle>
                <CardDescription>
                  {e.disabledAt ? (
                    <Badge variant="neutral">Off: {e.disabledReason ?? "turned off"}</Badge>
                  ) : e.failingSince ? (
                    <Badge variant="warning">Failing since {formatDateTime(e.failingSince, tz)}</Badge>
                  ) : (
                    <Badge variant="success">On</Badge>
                  )}{" "}
                  <span className="break-words">{e.events.join(", ")}</span>
                </CardDescription>
              </CardHeader>
              <CardContent className="grid gap-4">
                <EndpointActions id={e.id} url={e.url} disabled={Boolean(e.disabledAt)} />
                {logs[i]!.data.length === 0 ? (
                  <p className="text-sm text-muted-foreground">
                    No deliveries yet. The next matching event will be listed here with every attempt.
                  </p>
                ) : (
                  <div className="overflow-x-auto">
                    <Table aria-label={`Deliveries to ${e.url}`}>
                      <TableHeader>
                        <TableRow>
                          <TableHead>Event</TableHead>
                          <TableHead>Created</TableHead>
                          <TableHead>Status</TableHead>
                          <TableHead>Attempts</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {logs[i]!.data.map((d) => {
                          const badge = STATUS_BADGE[d.status as keyof typeof STATUS_BADGE] ?? STATUS_BADGE.pending;
                          return (
                            <TableRow key={d.id}>
                              <TableCell>
                                <code className="text-xs">{d.eventType}</code>
                              </TableCell>
                              <TableCell className="whitespace-nowrap">{formatDateTime(d.createdAt, tz)}</TableCell>
                              <TableCell>
                                <Badge variant={badge.variant}>{badge.label}</Badge>
                              </TableCell>
                              <TableCell>
                                {d.attempts.length === 0 ? (
                                  <span className="text-muted-foreground">Queued</span>
                                ) : (
                                  <ol className="grid gap-1 text-xs">
                                    {d.attempts.map((a, n) => (
                                      <li key={n}>
                                        {formatDateTime(new Date(a.at), tz)}: {a.status ?? "no answer"}
                                        {a.error ? ` — ${a.error}` : ""}
                                      </li>
                                    ))}
                                  </ol>
                                )}
                              </TableCell>
                            </TableRow>
                          );
                        })}
                      </TableBody>
                    </Table>
                  </div>
                )}
              </CardContent>
            </Card>
          ))
        )}
      </section>
    </div>
  );
}
