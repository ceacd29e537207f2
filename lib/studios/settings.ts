import { eq } from "drizzle-orm";
import { z } from "zod";
import { defaultStudioSettings, studios, type Studio, type StudioSettings } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, requireRole, type Ctx } from "@/lib/core/ctx";
import { parseInput } from "@/lib/core/validation";
import { Currency, StudioName, TimeZone } from "./studio-input";

/** An origin as browsers send it: scheme, host and optional port, nothing else (E3). */
export const Origin = z
  .string()
  .trim()
  .transform((s, c) => {
    try {
      const u = new URL(s);
      if ((u.protocol === "https:" || u.protocol === "http:") && u.origin !== "null" && s.replace(/\/$/, "") === u.origin) {
        return u.origin;
      }
    } catch {
      // fall through to the issue below
    }
    c.addIssue({ code: "custom", message: `"${s}" is not an origin such as https://www.example.com.` });
    return z.NEVER;
  });

export const UpdateStudioSettingsInput = z
  .object({
    name: StudioName.optional(),
    timezone: TimeZone.optional(),
    currency: Currency.optional(),
    noRestoreAfterNewPass: z.boolean().optional(),
    lateCancelHours: z.number().int().min(0).max(168).optional(),
    embedOrigins: z.array(Origin).max(20).optional(),
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

/** Changes the studio's name, zone, currency and switches (S6, B7, E3). Owners only. */
export async function updateStudioSettings(ctx: Ctx, raw: UpdateStudioSettingsInput): Promise<Studio> {
  requireRole(ctx, "owner");
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
