import { requireStaffContext } from "@/lib/auth";
import { DomainError } from "@/lib/core/errors";
import { csvFilename, csvHeaders, exportClientsCsv, type ExportClientsInput } from "@/lib/crm";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { invalid_input: 400, forbidden: 403, not_found: 404 };

/**
 * R6 from the dashboard: the clients list as a CSV download, with the list
 * page's own query (q, status, tag, growing, plan, company, sort). Owners only;
 * the verb checks the role.
 */
export async function GET(request: Request): Promise<Response> {
  const ctx = await requireStaffContext();
  const sp = new URL(request.url).searchParams;
  const param = (name: string) => sp.get(name)?.trim() || undefined;
  try {
    // Strings straight from the URL: the verb validates them and refuses bad ones with a clear message.
    const query = {
      q: param("q"),
      status: param("status"),
      tag: param("tag"),
      growing: param("growing"),
      planId: param("plan"),
      companyId: param("company"),
      figure: param("figure"),
      from: param("from"),
      to: param("to"),
      sort: param("sort"),
    } as ExportClientsInput;
    const stream = await exportClientsCsv(ctx, query);
    return new Response(stream, { headers: csvHeaders(csvFilename("clients", ctx.now, ctx.studio.timezone)) });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const message = e.code === "forbidden" ? "Only the studio's owner can export clients." : e.message;
    return new Response(message, {
      status: STATUS[e.code] ?? 409,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
}
