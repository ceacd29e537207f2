import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError } from "@/lib/core/errors";
import type { Endpoint } from "./endpoint";
import { operationIdOf } from "./openapi-names";

export type ApiScope = "read" | "book" | "message" | "manage";

/** Writes a `book` key may make (API.md scopes): booking, cancelling, waitlists, attendance. */
const BOOK_OPERATIONS = new Set(["createBooking", "cancelBooking", "joinSessionWaitlist", "markBookingAttendance"]);

/** The scope an endpoint needs: its own `scope`, else `book` for the booking calls, `read` for reads, `manage` else. */
export function scopeOf(e: Pick<Endpoint, "method" | "path" | "scope" | "operationId">): ApiScope {
  if (e.scope) return e.scope;
  if (e.method === "GET") return "read";
  return BOOK_OPERATIONS.has(e.operationId ?? operationIdOf(e.method, e.path)) ? "book" : "manage";
}

/** Whether the caller may act within `scope`: any caller but an API key may; a key needs the scope or `manage`. */
export function hasScope(ctx: Ctx, scope: ApiScope): boolean {
  if (ctx.actor.kind !== "api" || !ctx.actor.scopes) return true;
  return ctx.actor.scopes.includes("manage") || ctx.actor.scopes.includes(scope);
}

/** X3, API.md: a call outside the key's scopes is 403 forbidden. */
export function requireScope(ctx: Ctx, scope: ApiScope): void {
  if (!hasScope(ctx, scope)) throw new ForbiddenError(`This API key lacks the "${scope}" scope.`);
}
