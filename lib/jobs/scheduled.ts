import { getDb } from "@/db";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { sendMembershipReminders } from "@/lib/memberships/reminders";
import { refreshReportSnapshots } from "@/lib/reports/refresh";
import { pruneRateLimits } from "@/lib/security/rate-limit";

/** Handlers of the scheduled jobs (J2); each is idempotent, so a second run in a period changes nothing. */
export async function expireMemberships(): Promise<void> {
  await expireDueMemberships(await getDb(), new Date());
}

export async function remindMemberships(): Promise<void> {
  await sendMembershipReminders(await getDb(), new Date());
}

export async function pruneRateLimitWindows(): Promise<void> {
  await pruneRateLimits(await getDb());
}

export async function refreshReports(): Promise<void> {
  await refreshReportSnapshots(await getDb(), new Date());
}
