/**
 * Every page of the app, for the phone-width and axe sweeps (e2e/sweep.spec.ts).
 *
 * Adding a page is one line: its path, with `{placeholders}` filled from the sweep's fixture
 * (`SweepFixture`), and who opens it. Keep this list in step with `app/**\/page.tsx`.
 */
export type SweepRole =
  /** Nobody signed in. */
  | "visitor"
  /** The studio's owner, signed in to the dashboard. */
  | "owner"
  /** A member of the studio, signed in to its portal. */
  | "member"
  /** A member signed in inside the embedded sign-up flow (its own cookie, E1). */
  | "embed-member";

export type SweepRoute = { path: string; as: SweepRole; note?: string };

/** The ids the sweep creates before it visits (one studio, one of each thing). */
export type SweepFixture = {
  studio: string;
  planId: string;
  packPlanId: string;
  classId: string;
  sessionId: string;
  clientId: string;
  companyId: string;
  membershipId: string;
};

export const ROUTES: SweepRoute[] = [
  // Public pages and staff sign-in.
  { path: "/", as: "visitor" },
  { path: "/signin", as: "visitor" },
  { path: "/signup", as: "visitor" },
  { path: "/forgot-password", as: "visitor" },
  { path: "/reset-password?token=sweep-unknown", as: "visitor", note: "an unknown token" },
  { path: "/verify?token=sweep-unknown", as: "visitor", note: "an unknown token" },
  { path: "/confirm-email?token=sweep-unknown", as: "visitor", note: "an unknown token" },
  { path: "/invite/sweep-unknown", as: "visitor", note: "an unknown invitation" },

  // The dashboard.
  { path: "/dashboard", as: "owner" },
  { path: "/dashboard/clients", as: "owner" },
  { path: "/dashboard/clients/new", as: "owner" },
  { path: "/dashboard/clients/{clientId}", as: "owner" },
  { path: "/dashboard/companies", as: "owner" },
  { path: "/dashboard/companies/{companyId}", as: "owner" },
  { path: "/dashboard/memberships", as: "owner" },
  { path: "/dashboard/memberships/new", as: "owner" },
  { path: "/dashboard/memberships/import", as: "owner" },
  { path: "/dashboard/memberships/{membershipId}", as: "owner" },
  { path: "/dashboard/memberships/plans/{packPlanId}", as: "owner" },
  { path: "/dashboard/memberships/plans/{packPlanId}/members", as: "owner" },
  { path: "/dashboard/schedule", as: "owner" },
  { path: "/dashboard/schedule/classes", as: "owner" },
  { path: "/dashboard/schedule/classes/{classId}", as: "owner" },
  { path: "/dashboard/schedule/sessions/new", as: "owner" },
  { path: "/dashboard/schedule/sessions/{sessionId}", as: "owner" },
  { path: "/dashboard/my-sessions", as: "owner" },
  { path: "/dashboard/scan", as: "owner" },
  { path: "/dashboard/scan?client={clientId}", as: "owner", note: "the check-in desk for one client" },
  { path: "/dashboard/payments", as: "owner" },
  { path: "/dashboard/reports", as: "owner" },
  { path: "/dashboard/reports?from=2025-12-01&to=2026-11-30", as: "owner", note: "a year of charts" },
  { path: "/dashboard/operations", as: "owner" },
  { path: "/dashboard/account", as: "owner" },
  { path: "/dashboard/settings", as: "owner" },
  { path: "/dashboard/settings/team", as: "owner" },
  { path: "/dashboard/settings/api-keys", as: "owner" },
  { path: "/dashboard/settings/payments", as: "owner" },
  { path: "/dashboard/settings/embed", as: "owner" },
  { path: "/dashboard/settings/mail", as: "owner" },
  { path: "/dashboard/settings/automations", as: "owner" },
  { path: "/dashboard/settings/jobs", as: "owner" },
  { path: "/dashboard/settings/webhooks", as: "owner" },
  { path: "/dashboard/settings/promo-codes", as: "owner" },
  { path: "/dashboard/settings/forms", as: "owner" },

  // The member portal, signed out.
  { path: "/s/{studio}/signin", as: "visitor" },
  { path: "/s/{studio}/signup", as: "visitor" },
  { path: "/s/{studio}/forgot-password", as: "visitor" },
  { path: "/s/{studio}/schedule", as: "visitor" },
  { path: "/s/{studio}/plans", as: "visitor" },
  { path: "/s/{studio}/unsubscribe?t=sweep-unknown", as: "visitor", note: "an unknown token" },

  // The member portal, signed in.
  { path: "/s/{studio}", as: "member" },
  { path: "/s/{studio}/schedule", as: "member" },
  { path: "/s/{studio}/sessions/{sessionId}", as: "member" },
  { path: "/s/{studio}/bookings", as: "member" },
  { path: "/s/{studio}/memberships", as: "member" },
  { path: "/s/{studio}/plans", as: "member" },
  { path: "/s/{studio}/plans/{planId}", as: "member" },
  { path: "/s/{studio}/card", as: "member" },
  { path: "/s/{studio}/account", as: "member" },
  { path: "/s/{studio}/confirm?token=sweep-unknown", as: "member", note: "an unknown token" },
  { path: "/s/{studio}/checkout/success", as: "member" },
  { path: "/s/{studio}/checkout/cancelled", as: "member" },

  // The embedded sign-up flow (E1): plan, you, confirm, done.
  { path: "/embed/{studio}", as: "visitor" },
  { path: "/embed/{studio}/plans/{planId}", as: "visitor" },
  { path: "/embed/{studio}/plans/{planId}", as: "embed-member" },
  { path: "/embed/{studio}/done?plan={planId}", as: "embed-member" },
];

/** The path with its placeholders filled; an unknown placeholder is a mistake in the list. */
export function resolveRoute(path: string, fixture: SweepFixture): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = (fixture as Record<string, string>)[key];
    if (!value) throw new Error(`routes.ts: no fixture value for {${key}} in ${path}`);
    return encodeURIComponent(value);
  });
}
