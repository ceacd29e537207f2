import { requireStaffContext } from "@/lib/auth";
import type { Ctx } from "@/lib/core/ctx";
import { DomainError } from "@/lib/core/errors";
import { csvFilename, csvHeaders, exportHistoryCsv } from "@/lib/crm";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { invalid_input: 400, forbidden: 403, not_found: 404 };

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/** `ids` repeated, comma-separated, or both. */
function idsFrom(values: FormDataEntryValue[]): string[] {
  return values
    .flatMap((v) => (typeof v === "string" ? v.split(",") : []))
    .map((v) => v.trim())
    .filter(Boolean);
}

async function download(ctx: Ctx, ids: string[]): Promise<Response> {
  try {
    const stream = await exportHistoryCsv(ctx, { clientIds: ids });
    return new Response(stream, { headers: csvHeaders(csvFilename("client-history", ctx.now, ctx.studio.timezone)) });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const message = e.code === "forbidden" ? "Only the studio's owner can export client history." : e.message;
    return plain(STATUS[e.code] ?? 409, message);
  }
}

/** R7 for one client: `?ids=<client id>` (a link on the client's page). */
export async function GET(request: Request): Promise<Response> {
  const ctx = await requireStaffContext();
  return download(ctx, idsFrom(new URL(request.url).searchParams.getAll("ids")));
}

/** R7 for a selection on the clients list: a form posting `ids` (repeated or comma-separated, up to 1,000). */
export async function POST(request: Request): Promise<Response> {
  const ctx = await requireStaffContext();
  // Only the dashboard's own pages may post here (the session cookie alone does not prove intent).
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return plain(403, "Exports start from the dashboard.");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return plain(400, "Choose the clients to export.");
  }
  return download(ctx, idsFrom(form.getAll("ids")));
}
