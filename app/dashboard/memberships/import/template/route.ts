import { getStaffContext } from "@/lib/auth";
import { importTemplateCsv } from "@/lib/memberships";

/** The CSV template for M10 imports, as a download. */
export async function GET(): Promise<Response> {
  if (!(await getStaffContext())) {
    return Response.json(
      { type: "error", code: "unauthenticated", message: "Sign in to download the template." },
      { status: 401 },
    );
  }
  return new Response(importTemplateCsv(), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="roster-members-import.csv"',
      "cache-control": "no-store",
    },
  });
}
