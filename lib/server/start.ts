import { getDatabase } from "@/db";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { seedDemoIfEmpty } from "@/lib/demo/seed";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { sendMembershipReminders } from "@/lib/memberships/reminders";
import { pruneRateLimits } from "@/lib/security/rate-limit";

type Global = typeof globalThis & { __rosterStarted?: boolean };

/** Start-up of the app server; see instrumentation.ts. */
export async function startServer(): Promise<void> {
  const g = globalThis as Global;
  if (g.__rosterStarted) return;
  g.__rosterStarted = true;

  if (!resolveAuthSecret()) {
    throw new Error("AUTH_SECRET is not set. Production needs a fixed secret: generate one with `openssl rand -base64 32`.");
  }

  const { db, kind } = await getDatabase();
  console.log(kind === "postgres" ? "▲ Roster: using Postgres (DATABASE_URL)" : "▲ Roster: using the embedded database in .data/");

  if (kind === "pglite" && process.env.NODE_ENV !== "production" && process.env.ROSTER_DEMO !== "0") {
    const demo = await seedDemoIfEmpty(db);
    if (demo) {
      console.log(
        `\n  Demo studio "${demo.studioName}" is ready.\n` +
          `  Staff sign-in:  ${demo.email}  /  ${demo.password}\n` +
          `  Member portal:  /s/${demo.slug}\n`,
      );
    }
  }

  // M4's sweep and the membership reminders run inside the app; an external cron may also call
  // `npm run roster -- memberships:expire` or POST /api/v1/memberships/expire-due (both idempotent).
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    const run = () => job().catch((e) => console.error(`[timer] ${name} failed`, e));
    setInterval(run, ms).unref();
    setTimeout(run, 5_000).unref();
  };
  every(60_000, "membership sweep", () => expireDueMemberships(db, new Date()));
  every(15 * 60_000, "membership reminders", () => sendMembershipReminders(db, new Date()));
  every(3600_000, "rate-limit pruning", () => pruneRateLimits(db));
}
