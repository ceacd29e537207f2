import { z } from "zod";
import { csvFilename, csvHeaders } from "@/lib/crm/csv";
import { exportClientsCsv, ExportClientsInput } from "@/lib/crm/export-clients";
import { defineEndpoint } from "../endpoint";

export const exportClientsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/export.csv",
  tag: "Clients",
  summary:
    "R6: the clients list as a CSV file, streamed: name, email, phone, total bookings, lifetime spend (decimal, studio currency), " +
    "first and last booking date (studio time zone), status, tags, memberships. Same filters and sort as GET /api/v1/clients. " +
    "UTF-8 with a byte-order mark; cells that would start a spreadsheet formula are prefixed with an apostrophe.",
  query: ExportClientsInput,
  responses: {
    200: {
      description: "The CSV file (Content-Disposition: attachment).",
      schema: z.string().meta({ description: "RFC 4180 CSV, CRLF line ends, a header row first." }),
      contentType: "text/csv",
    },
  },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { query }) =>
    new Response(await exportClientsCsv(ctx, query), {
      headers: csvHeaders(csvFilename("clients", ctx.now, ctx.studio.timezone)),
    }),
});
