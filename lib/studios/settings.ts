import { eq } from "drizzle-orm";
import { z } from "zod";
import { defaultStudioSettings, studios, type FeePolicy, type Studio, type StudioSettings } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { Money, parseInput } from "@/lib/core/validation";
import { Currency, StudioName, TimeZone } from "./studio-input";

/** An origin as browsers send it: scheme, host and optional port, nothing else (E3). */
export const Origin = z
  .string()
  .trim()
  .transform((s, c) => {
    try {
      const u = new URL(s);
      if (
        (u.protocol === "https:" || u.protocol === "http:") &&
        u.origin !== "null" &&
        s.replace(/\/$/, "") === u.origin
      ) {
        return u.origin;
      }
    } catch {
      // fall through to the issue below
    }
    c.addIssue({ code: "custom", message: `"${s}" is not an origin such as https://www.example.com.` });
    return z.NEVER;
  });

/** A whole number of hours in a week at most (B7's late-cancel window, J3's reminder lead), with one message. */
const Hours = (error: string) => z.number({ error }).int({ error }).min(0, { error }).max(168, { error });

/** A whole number from 0 to `max` (B8's days and minutes), with one message. */
export const WholeNumber = (error: string, max: number) =>
  z.number({ error }).int({ error }).min(0, { error }).max(max, { error });
/** B9: a late-cancel or no-show policy: forfeit the session (B7, B3) or charge a fee (more than 0). */
export const FeePolicyInput = z
  .object({
    kind: z.enum(["forfeit", "fee"], { error: "Choose forfeit or fee." }),
    feeCents: Money.optional(),
  })
  .strict()
  .superRefine((p, c) => {
    if (p.kind === "fee" && !p.feeCents)
      c.addIssue({ code: "custom", path: ["feeCents"], message: "Enter the fee (more than 0)." });
  })
  .transform((p): FeePolicy => (p.kind === "fee" ? { kind: "fee", feeCents: p.feeCents! } : { kind: "forfeit" }));

export const UpdateStudioSettingsInput = z
  .object({
    name: StudioName.optional(),
    timezone: TimeZone.optional(),
    currency: Currency.optional(),
    noRestoreAfterNewPass: z.boolean().optional(),
    lateCancelHours: Hours("Enter a whole number of hours from 0 to 168.").optional(),
    embedOrigins: z.array(Origin).max(20).optional(),
    sessionReminderHours: Hours("Enter a whole number of hours from 0 to 168 (0 turns reminders off).")
      .nullable()
      .optional(),
    // B8: the booking window; B10: the waitlist cutoff.
    bookingOpensDaysBefore: WholeNumber(
      "Enter a whole number of days from 0 to 365, or leave it empty for no limit.",
      365,
    )
      .nullable()
      .optional(),
    bookingClosesMinutesBefore: WholeNumber("Enter a whole number of minutes from 0 to 10080.", 10080).optional(),
    waitlistCutoffHours: Hours("Enter a whole number of hours from 0 to 168 (0 turns the cutoff off).")
      .nullable()
      .optional(),
    lateCancelPolicy: FeePolicyInput.optional(),
    noShowPolicy: FeePolicyInput.optional(),
  })
  .strict();
export type UpdateStudioSettingsInput = z.input<typeof UpdateStudioSettingsInput>;

/** The studio's settings with defaults filled in, whatever the stored JSON holds. */
export function studioSettings(studio: Studio): StudioSettings {
  return { ...defaultStudioSettings, ...studio.settings };
}

/** The studio as the API shows it (API.md "Studio"). */
export function toApiStudio(studio: Studio) {
  return {
    id: studio.id,
    slug: studio.slug,
    name: studio.name,
    timezone: studio.timezone,
    currency: studio.currency,
    settings: studioSettings(studio),
  };
}

/** Changes the studio's name, zone, currency and switches (S6, B7, B8, B10, E3). Owners only. */
export async function updateStudioSettings(ctx: Ctx, raw: UpdateStudioSettingsInput): Promise<Studio> {
  requirePermission(ctx, "settings");
  const input = parseInput(UpdateStudioSettingsInput, raw);
  const { name, timezone, currency, ...switches } = input;
  const settings: StudioSettings = { ...studioSettings(ctx.studio) };
  for (const [k, v] of Object.entries(switches)) if (v !== undefined) Object.assign(settings, { [k]: v });

  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(studios)
      .set({
        ...(name !== undefined && { name }),
        ...(timezone !== undefined && { timezone }),
        ...(currency !== undefined && { currency }),
        settings,
      })
      .where(eq(studios.id, ctx.studio.id))
      .returning();
    await audit(tx, { action: "studio.settings_updated", table: "studios", rowId: ctx.studio.id, data: input });
    return row!;
  });
}
