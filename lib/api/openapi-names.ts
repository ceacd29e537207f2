/**
 * operationIds by API.md's convention (X1): camelCase verb + noun, e.g. `createBooking`, derived from the method
 * and path so that a new endpoint gets one without more work. An endpoint may still name its own (`operationId`).
 */
const OVERRIDES: Record<string, string> = {
  "GET /api/v1/clients/export.csv": "exportClientsCsv",
  "GET /api/v1/clients/{id}/permissions": "getClientPermissions",
  "GET /api/v1/permissions": "getPermissionsByEmail",
  "POST /api/v1/payments/{id}/mark-paid": "markPaymentPaid",
  "POST /api/v1/payments/{id}/waive": "waivePaymentFee",
  "DELETE /api/v1/companies/{id}/clients/{clientId}": "removeCompanyClient",
  "POST /api/v1/companies/{id}/clients": "addCompanyClient",
  "POST /api/v1/clients/{id}/tags": "addClientTag",
  "DELETE /api/v1/clients/{id}/tags/{tag}": "removeClientTag",
  "POST /api/v1/classes/{id}/sessions/cancel": "cancelClassSessions",
  "POST /api/v1/sessions/{id}/waitlist": "joinSessionWaitlist",
  "PATCH /api/v1/bookings/{id}": "markBookingAttendance",
};

/** Segments that name an action rather than a resource (`POST /bookings/{id}/cancel`). */
const ACTIONS = new Set([
  "cancel",
  "attach",
  "erase",
  "merge",
  "extend",
  "suspend",
  "refund",
  "expire-due",
  "import",
  "resend",
  "rotate-secret",
  "mark-paid",
  "disable",
  "enable",
]);

const SINGULAR: Record<string, string> = { staff: "staffMember", settings: "settings", ledger: "ledger" };
const COLLECTIVE = new Set(["staff"]);

function camel(s: string): string {
  return s.replace(/[-_.](\w)/g, (_, c: string) => c.toUpperCase());
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

function singular(word: string): string {
  if (SINGULAR[word]) return SINGULAR[word];
  if (/ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/sses$/.test(word)) return word.replace(/es$/, "");
  if (/(ch|sh|x)es$/.test(word)) return word.replace(/es$/, "");
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

const isPlural = (word: string) => COLLECTIVE.has(word) || singular(word) !== word;

export function operationIdOf(method: string, path: string): string {
  const key = `${method.toUpperCase()} ${path}`;
  if (OVERRIDES[key]) return OVERRIDES[key];
  const segments = path
    .replace(/^\/api\/v1\/?/, "")
    .split("/")
    .filter(Boolean);
  const last = segments[segments.length - 1] ?? "";
  let verb: string;
  let nounSegments = segments.filter((s) => !s.startsWith("{"));
  let pluralLast = false;
  if (method === "POST" && ACTIONS.has(last)) {
    verb = camel(last);
    nounSegments = nounSegments.slice(0, -1);
    // An action on a collection (`/memberships/import`) names the plural; on one item, the singular.
    pluralLast = !segments[segments.length - 2]?.startsWith("{");
  } else if (method === "GET") {
    const plural = !last.startsWith("{") && isPlural(last);
    verb = plural ? "list" : "get";
    pluralLast = plural;
  } else verb = { POST: "create", PATCH: "update", PUT: "replace", DELETE: "delete" }[method] ?? method.toLowerCase();
  const nouns = nounSegments.map((s, i) => {
    const lastNoun = i === nounSegments.length - 1;
    if (lastNoun && pluralLast) return s;
    return !lastNoun && COLLECTIVE.has(s) ? s : singular(s);
  });
  return verb + nouns.map((n) => cap(camel(n))).join("");
}
