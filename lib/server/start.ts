import { getDatabase } from "@/db";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { seedDemoIfEmpty } from "@/lib/demo/seed";
import { startWorkers } from "@/lib/jobs/queue";

type Global = typeof globalThis & { __rosterStarted?: boolean };

/** Start-up of the app server; see instrumentation.ts. */
export async function startServer(): Promise<void> {
  const g = globalThis as Global;
  if (g.__rosterStarted) return;
  g.__rosterStarted = true;

  if (!resolveAuthSecret()) {
    throw new Error(
      "AUTH_SECRET is not set. Production needs a fixed secret: generate one with `openssl rand -base64 32`.",
    );
  }

  const { db, kind } = await getDatabase();
  console.log(
    kind === "postgres" ? "▲ Roster: using Postgres (DATABASE_URL)" : "▲ Roster: using the embedded database in .data/",
  );

  if (kind === "pglite" && process.env.NODE_ENV !== "production" && process.env.ROSTER_DEMO !== "0") {
    const demo = await seedDemoIfEmpty(db);
    if (demo) {
      console.log(
        `\n  Demo studio "${demo.studioName}" is ready.\n` +
          `  Staff sign-in:  ${demo.email}  /  ${demo.password}  (owner)\n` +
          demo.instructors
            .map((t) => `                  ${t.email}  /  ${t.password}  (instructor, ${t.name})\n`)
            .join("") +
          `  Member portal:  /s/${demo.slug}\n`,
      );
    }
  }

  // Jobs (J1) and timed work (J2: the expiry sweep, membership reminders, rate-limit pruning) run
  // as graphile-worker jobs in this process unless ROSTER_WORKERS=0 (a web-only process; run
  // workers elsewhere with `npm run roster -- jobs:work`, or drain from cron with `jobs:run`).
  if (process.env.ROSTER_WORKERS !== "0") {
    await startWorkers();
    console.log("▲ Roster: job workers started (ROSTER_WORKERS=0 for a web-only process)");
  }
}
