import { z } from "zod";
import { getStaffContext } from "@/lib/auth";
import { DomainError } from "@/lib/core/errors";
import { IMPORT_INLINE_MAX_ROWS, startImportOperation } from "@/lib/bulk/import-job";
import { previewImport, runImport, type ImportProgress } from "@/lib/memberships/import";
import type { UploadEvent } from "../events";

/** The largest file the dashboard takes (about a million rows); it is streamed, never held whole. */
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const UploadQuery = z.object({
  planId: z.string(),
  format: z.enum(["csv", "json"]),
  mode: z.enum(["preview", "import"]),
  /** Rows the preview counted, so the import's progress can show a fraction; above IMPORT_INLINE_MAX_ROWS the import runs as a job. */
  rows: z.coerce.number().int().min(0).optional(),
  /** The file's name, for the list of bulk work. */
  name: z.string().max(200).optional(),
});

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ type: "error", code, message }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * M10 from the dashboard: the browser posts the file's bytes; they stream
 * straight into the import (never buffered whole), and the answer streams back
 * as newline-delimited JSON: progress events, then one "done" or "error".
 * mode=preview writes nothing; mode=import writes the valid rows in one transaction,
 * or, above IMPORT_INLINE_MAX_ROWS rows (as the preview counted them, `rows`),
 * stores the file and answers "queued" with the bulk operation whose job imports it (J1).
 */
export async function POST(request: Request): Promise<Response> {
  const ctx = await getStaffContext();
  if (!ctx) return refuse(401, "unauthenticated", "Your session has ended. Sign in again to import.");
  // Only the dashboard's own pages may post here (the session cookie alone does not prove intent).
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return refuse(403, "forbidden", "Imports start from the dashboard.");
  const query = UploadQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return refuse(400, "invalid_input", "Choose a plan, a format and a file.");
  if (!request.body) return refuse(400, "invalid_input", "Choose a file to import.");
  const { planId, format, mode, rows, name } = query.data;
  const declared = Number(request.headers.get("content-length") ?? "") || undefined;
  const source = request.body;

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: UploadEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      const onProgress = (p: ImportProgress) =>
        send({ type: "progress", processed: p.processed, total: rows, bytes: p.bytes, totalBytes: declared });
      try {
        const input = { planId, format, source, onProgress, maxBytes: MAX_UPLOAD_BYTES };
        if (mode === "preview") send({ type: "done", mode, ...(await previewImport(ctx, input)), imported: 0 });
        else if (rows !== undefined && rows > IMPORT_INLINE_MAX_ROWS) {
          // J1: a large file leaves the request: stored, then imported by a job the dashboard follows.
          send({ type: "queued", ...(await startImportOperation(ctx, { ...input, rows, fileName: name })) });
        } else send({ type: "done", mode, ...(await runImport(ctx, input)) });
      } catch (e) {
        if (e instanceof DomainError) {
          send({ type: "error", code: e.code, message: e.message });
        } else {
          console.error("[import] upload failed", e);
          send({
            type: "error",
            code: "internal",
            message: "Something went wrong on our side, and nothing was imported. It has been logged.",
          });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
