import { Button, FormMessage, Input, Label } from "@/app/_ui";
import type { MembershipPlan } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/format";
import { quotePromoCode } from "@/lib/offers";

export type PromoResult = { ok: true; code: string; text: string } | { ok: false; error: string } | null;

/** M12: what a typed code does to a plan's price, in words (the same checks as the purchase; nothing is written). */
export async function promoResult(
  ctx: Ctx,
  plan: Pick<MembershipPlan, "id" | "currency" | "priceCents" | "kind">,
  code: string | undefined,
): Promise<PromoResult> {
  if (!code) return null;
  try {
    const q = await quotePromoCode(ctx, { code, plan });
    const price = (c: number) => formatMoney(c, plan.currency);
    const when = plan.kind === "recurring" ? (q.appliesTo === "every" ? " every time" : " the first time") : "";
    return {
      ok: true,
      code: q.code,
      text: `${q.code}: you pay ${price(q.dueCents)}${when} instead of ${price(q.priceCents)}.`,
    };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * M12: the "Promo code" field of a checkout (portal and embed): a GET form that reloads the step with `?promo=`,
 * which then shows the discounted price; the buy form carries the applied code.
 */
export function PromoCodeApply({
  id,
  code,
  result,
  keep = {},
}: {
  id: string;
  code: string | undefined;
  result: PromoResult;
  keep?: Record<string, string>;
}) {
  return (
    <div className="grid gap-2">
      <form method="get" className="grid gap-1.5" aria-label="Promo code">
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Label htmlFor={id}>Promo code</Label>
        <div className="flex gap-2">
          <Input id={id} name="promo" defaultValue={code} autoComplete="off" maxLength={40} className="max-w-48" />
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </div>
      </form>
      {result?.ok ? <FormMessage variant="success">{result.text}</FormMessage> : null}
      {result && !result.ok ? <FormMessage>{result.error}</FormMessage> : null}
    </div>
  );
}
