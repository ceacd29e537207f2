import { sql, type SQL } from "drizzle-orm";
import { clients, clientSearch } from "@/db/schema";
import { containsPattern } from "@/lib/core/sql";

/**
 * R4: the clients of `studioId` whose name, email or phone contains `q`, as a condition on `clients`. The text
 * and its trigram index are on `client_search` (migration 0035), one row per client, so the search reads an index
 * that the counters' rewrites of the client row never grow; the index leads with the studio (migration 0040), so
 * a search rechecks only its own studio's candidates. Only a query shaped like a phone number (digits,
 * spaces, + - ( ) . /) also matches by its digits alone: the digits of an email or a name ("ann.mx851@…" → "851")
 * would otherwise find strangers. The clients list and the merge picker both search with it.
 */
export function clientSearchCondition(studioId: string, q: string): SQL {
  const text = containsPattern(q.toLowerCase());
  const digits = q.replace(/\D/g, "");
  const byDigits = /^[\d\s+().\-/]+$/.test(q) && digits.length >= 3 && digits !== q;
  const matches = byDigits
    ? sql`(cs.search_text like ${text} or cs.search_text like ${`%${digits}%`})`
    : sql`cs.search_text like ${text}`;
  return sql`${clients.id} in (select cs.client_id from ${clientSearch} cs where cs.studio_id = ${studioId}::uuid and ${matches})`;
}
