import Link from "next/link";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, type BadgeProps } from "@/app/_ui";
import type { ApiCard, ApiCardMembership } from "@/lib/cards/get-card";
import { formatDate } from "@/lib/core/format";

type Tone = NonNullable<BadgeProps["variant"]>;

/** W1, M3, M4: how one membership reads at the desk. Expired and cancelled ones say plainly that they no longer count. */
export function membershipStatusView(m: ApiCardMembership, tz: string): { label: string; tone: Tone; details: string[] } {
  const date = (iso: string) => formatDate(new Date(iso), tz);
  switch (m.status) {
    case "active": {
      if (!m.active) return { label: "Not started yet", tone: "warning", details: [`Starts ${date(m.startsAt)}`] };
      const details = [m.endsAt ? `Until ${date(m.endsAt)}` : "No end date"];
      if (m.sessionsRemaining !== null) {
        details.push(
          `${m.sessionsRemaining} ${m.sessionsRemaining === 1 ? "session" : "sessions"} left` +
            (m.sessionsTotal !== null ? ` of ${m.sessionsTotal}` : ""),
        );
      }
      return { label: "Active", tone: "success", details };
    }
    case "expired":
      return { label: "Expired — no longer active", tone: "danger", details: m.endsAt ? [`Ended ${date(m.endsAt)}`] : [] };
    case "cancelled":
      return { label: "Cancelled — no longer active", tone: "danger", details: [] };
    case "suspended":
      return {
        label: "Suspended (frozen)",
        tone: "warning",
        details: m.suspendedUntil ? [`Frozen until ${date(m.suspendedUntil)}`] : [],
      };
    case "past_due":
      return { label: "Payment overdue", tone: "warning", details: ["A renewal payment failed; not active until it is paid."] };
  }
}

/** The client behind a scanned card, and each of their memberships with a clear status. */
export function CardResult({ card, timeZone }: { card: ApiCard; timeZone: string }) {
  const { client, memberships } = card;
  const active = card.summary === "active";
  return (
    <section aria-labelledby="scan-result-name">
      <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle id="scan-result-name" className="text-xl">
            {client.name}
          </CardTitle>
          <CardDescription>
            {client.email ?? "No email address"} ·{" "}
            {client.memberSince ? `Member since ${formatDate(new Date(client.memberSince), timeZone)}` : "Not a member yet"}
          </CardDescription>
        </div>
        <Button asChild variant="outline" size="sm">
          <Link href={`/dashboard/clients/${client.id}`}>Open client</Link>
        </Button>
      </CardHeader>
      <CardContent className="grid gap-4">
        {active ? (
          <Alert variant="success" title="Active membership">
            {client.name} holds a membership that is active now.
          </Alert>
        ) : (
          <Alert variant="warning" title={memberships.length ? "No active membership" : "No membership"}>
            {memberships.length
              ? `None of ${client.name}'s memberships is active now. Offer a new membership or a drop-in.`
              : `${client.name} has no membership yet. Offer one, or a drop-in.`}
          </Alert>
        )}
        {memberships.length ? (
          <section aria-labelledby="scan-result-memberships" className="grid gap-2">
            <h3 id="scan-result-memberships" className="text-sm font-semibold">
              Memberships
            </h3>
            <ul className="divide-y divide-border rounded-md border border-border">
              {memberships.map((m) => {
                const view = membershipStatusView(m, timeZone);
                return (
                  <li key={m.id} data-testid="scan-membership" className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 px-3 py-2">
                    <div className="grid gap-0.5">
                      <span className="font-medium">{m.plan.name}</span>
                      {view.details.length ? <span className="text-xs text-muted-foreground">{view.details.join(" · ")}</span> : null}
                    </div>
                    <div className="flex flex-wrap gap-1">
                      {m.inherited ? <Badge variant="neutral">Through a company</Badge> : null}
                      <Badge variant={view.tone}>{view.label}</Badge>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
      </CardContent>
      </Card>
    </section>
  );
}
