import { z } from "zod";
import { previewImport, runImport } from "@/lib/memberships/import";
import { defineEndpoint } from "../endpoint";
import { MAX_BODY_BYTES } from "../handler";

export const ImportBody = z
  .object({
    planId: z.uuid({ error: "Choose a plan." }),
    format: z.enum(["csv", "json"], { error: 'Say "csv" or "json".' }),
    /** The file's text: a CSV with a header row, or a JSON array of objects. */
    data: z.string({ error: "Send the file's text as data." }),
    /** true: only check the file and list its errors; false: write the valid rows. */
    dryRun: z.boolean({ error: "Say dryRun: true to preview or false to import." }),
  })
  .strict();

export const ImportReplyBody = z
  .object({
    valid: z.number().int(),
    invalid: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    /** Errors beyond the first 1000 listed. */
    moreErrors: z.number().int(),
    /** Valid rows whose membership (same email, plan and start) already exists: they add nothing. */
    alreadyImported: z.number().int(),
    /** New memberships written; 0 on a dry run. */
    imported: z.number().int(),
  })
  .meta({ id: "ImportResult" });

const MiB = MAX_BODY_BYTES / 1024 / 1024;

export const importMembershipsEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/memberships/import",
  tag: "Memberships",
  summary:
    `Import members into a plan from CSV or JSON (M10). Columns: email and startsAt (required), name, phone, endsAt, ` +
    `sessionsRemaining (session packs only), paypalSubscriptionId; a date without a time means midnight in the studio's ` +
    `time zone. dryRun true lists every row's errors and writes nothing; dryRun false writes all valid rows in one ` +
    `transaction. The same email, plan and start is never imported twice, so sending the same file again adds nothing. ` +
    `A file that is not UTF-8 or does not parse is refused whole (400). Row numbers: CSV rows as a spreadsheet shows them ` +
    `(header = row 1), JSON items from 1. The request body may be at most ${MiB} MiB; import bigger files in the ` +
    `dashboard (Memberships → Import members), which streams them.`,
  body: ImportBody,
  responses: { 200: { description: "The counts and the errors of the rows.", schema: ImportReplyBody } },
  refusals: { 409: ["plan_archived"] },
  handle: async (ctx, { body }) => {
    const input = { planId: body.planId, format: body.format, source: body.data };
    if (body.dryRun) {
      const { valid, invalid, errors, moreErrors, alreadyImported } = await previewImport(ctx, input);
      return { body: { valid, invalid, errors, moreErrors, alreadyImported, imported: 0 } };
    }
    const { valid, invalid, errors, moreErrors, alreadyImported, imported } = await runImport(ctx, input);
    return { body: { valid, invalid, errors, moreErrors, alreadyImported, imported } };
  },
});
