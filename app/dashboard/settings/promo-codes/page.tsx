import type { Metadata } from "next";
import { TicketPercent } from "lucide-react";
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
import { formatDate, formatMoney } from "@/lib/core/format";
import { listPromoCodes } from "@/lib/offers";
import { listPlans } from "@/lib/plans";
import { OwnersOnly } from "../owner-only";
import { CreatePromoCodeForm, DeactivatePromoCode } from "./promo-forms";

export const metadata: Metadata = { title: "Promo codes" };

/** M12: Settings → Promo codes: the list with uses so far, a form for a new one, and deactivation. Owners and managers. */
export default async function PromoCodesPage() {
  const ctx = await requireStaffContext();
  if (!can(ctx, "plans.manage")) return <OwnersOnly what="manage promo codes" />;
  const [codes, plans] = await Promise.all([listPromoCodes(ctx), listPlans(ctx)]);
  const planName = new Map(plans.map((p) => [p.id, p.name]));
  const tz = ctx.studio.timezone;
  const lastDay = (d: Date) => formatDate(new Date(d.getTime() - 1), tz);

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>New promo code</CardTitle>
          <CardDescription>
            A percentage or an amount off chosen plans. Clients type it in the portal or the sign-up on your website;
            the front desk when selling. With Stripe connected it becomes a coupon on your Stripe account.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreatePromoCodeForm plans={plans.map((p) => ({ id: p.id, name: p.name }))} />
        </CardContent>
      </Card>

      <section aria-labelledby="codes" className="grid gap-3">
        <h3 id="codes" className="text-base font-semibold">
          Promo codes
        </h3>
        {codes.length === 0 ? (
          <EmptyState
            icon={TicketPercent}
            headingLevel="h3"
            title="No promo codes yet"
            description="Create one above, then share it: in a newsletter, on a flyer, or at an event."
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Code</TableHead>
                <TableHead>Discount</TableHead>
                <TableHead>Plans</TableHead>
                <TableHead>Valid</TableHead>
                <TableHead>Uses</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {codes.map((c) => (
                <TableRow key={c.id}>
                  <TableCell className="font-mono font-medium">
                    {c.code}{" "}
                    {c.deactivatedAt ? <Badge variant="neutral">Off</Badge> : <Badge variant="success">On</Badge>}
                  </TableCell>
                  <TableCell>
                    {c.percentOff !== null ? `${c.percentOff}%` : formatMoney(c.amountOffCents!, ctx.studio.currency)}
                    <span className="block text-xs text-muted-foreground">
                      {c.appliesTo === "every" ? "every payment" : "first payment"}
                    </span>
                  </TableCell>
                  <TableCell>{c.planIds.map((id) => planName.get(id) ?? "an archived plan").join(", ")}</TableCell>
                  <TableCell>
                    {c.validFrom ? formatDate(c.validFrom, tz) : "now"} –{" "}
                    {c.validUntil ? lastDay(c.validUntil) : "no end"}
                  </TableCell>
                  <TableCell>
                    {c.uses}
                    {c.maxUses !== null ? ` of ${c.maxUses}` : ""}
                    {c.maxUsesPerClient !== null ? (
                      <span className="block text-xs text-muted-foreground">{c.maxUsesPerClient} per client</span>
                    ) : null}
                  </TableCell>
                  <TableCell>{c.deactivatedAt ? null : <DeactivatePromoCode id={c.id} code={c.code} />}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
