/**
 * The Roster command line, for scripts, cron and tests. Uses the database the
 * app would use (DATABASE_URL, or the embedded one in .data/).
 *
 *   npm run roster -- studio:create --name "Blue Door Yoga" --owner-email o@example.com --owner-password '…' [--timezone Europe/Warsaw]
 *   npm run roster -- memberships:expire
 *   npm run roster -- jobs:run        (drain the job queue once: cron, tests)
 *   npm run roster -- jobs:work       (run workers and the schedule until stopped)
 *   npm run roster -- db:migrate
 *   npm run roster -- db:seed
 */
import { parseArgs } from "node:util";
import { getDatabase } from "@/db";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { DomainError, InvalidInputError } from "@/lib/core/errors";
import { seedDemoIfEmpty } from "@/lib/demo/seed";
import { drainJobs, startWorkers, stopWorkers } from "@/lib/jobs/queue";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { sendMembershipReminders } from "@/lib/memberships/reminders";
import { runRetentionFlows } from "@/lib/retention/internal";
import { pruneRateLimits } from "@/lib/security/rate-limit";
import { createStudio } from "@/lib/studios/create-studio";

type Command = (args: string[]) => Promise<unknown>;

const commands: Record<string, { help: string; run: Command }> = {
  "studio:create": {
    help: "--name NAME --owner-email EMAIL --owner-password PASSWORD [--timezone TZ] [--currency EUR] [--slug SLUG]",
    run: async (args) => {
      const { values } = parseArgs({
        args,
        options: {
          name: { type: "string" },
          "owner-email": { type: "string" },
          "owner-password": { type: "string" },
          "owner-name": { type: "string" },
          timezone: { type: "string" },
          currency: { type: "string" },
          slug: { type: "string" },
        },
        strict: true,
      });
      const { db } = await getDatabase();
      const { studio, owner } = await createStudio(db, {
        name: values.name ?? "",
        ownerEmail: values["owner-email"] ?? "",
        ownerPassword: values["owner-password"] ?? "",
        ownerName: values["owner-name"],
        timezone: values.timezone,
        currency: values.currency,
        slug: values.slug,
      });
      const { key } = await createApiKey(
        { db, studio, actor: { kind: "staff", userId: owner.id, role: "owner" }, now: new Date() },
        { name: "Created with studio:create" },
      );
      return { studio: { id: studio.id, slug: studio.slug }, owner: { email: owner.email }, apiKey: key };
    },
  },
  "memberships:expire": {
    help: "expire every membership whose end has passed (M4's sweep; idempotent, for cron)",
    run: async () => {
      const { db } = await getDatabase();
      return { expired: await expireDueMemberships(db, new Date()) };
    },
  },
  "jobs:run": {
    help: "run every due job once, then the timed work (sweep, reminders, retention automations, pruning), and exit (J1, J2; for cron)",
    run: async () => {
      const { db } = await getDatabase();
      await drainJobs();
      const now = new Date();
      const expired = await expireDueMemberships(db, now);
      const reminders = await sendMembershipReminders(db, now);
      const retention = await runRetentionFlows(db, now, { flows: ["welcome", "growing", "winback"] });
      await pruneRateLimits(db, now);
      await drainJobs(); // the mails the reminders just enqueued
      return { drained: true, expired, reminders, retention };
    },
  },
  "jobs:work": {
    help: "run job workers and the schedule in this process until SIGINT/SIGTERM (a separate worker process)",
    run: async () => {
      await startWorkers();
      console.error("Workers running; Ctrl-C to stop.");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await stopWorkers();
      return { stopped: true };
    },
  },
  "db:migrate": {
    help: "apply pending migrations",
    run: async () => {
      const { kind } = await getDatabase();
      return { migrated: true, database: kind };
    },
  },
  "db:seed": {
    help: "fill an empty database with the demo studio",
    run: async () => {
      const { db } = await getDatabase();
      const demo = await seedDemoIfEmpty(db);
      return demo
        ? {
            seeded: true,
            login: { email: demo.email, password: demo.password },
            instructors: demo.instructors.map((t) => ({ email: t.email, password: t.password })),
          }
        : { seeded: false, reason: "the database already has studios" };
    },
  },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(
      `Usage: npm run roster -- <command> [options]\n\n` +
        Object.entries(commands)
          .map(([n, c]) => `  ${n.padEnd(16)} ${c.help}`)
          .join("\n"),
    );
    return name ? 2 : 0;
  }
  try {
    const result = await command.run(args);
    console.log(JSON.stringify(result));
    return 0;
  } catch (e) {
    if (e instanceof InvalidInputError) {
      console.error(JSON.stringify({ error: { code: e.code, message: e.message, fields: e.fields } }));
      return 2;
    }
    if (e instanceof DomainError) {
      console.error(JSON.stringify({ error: { code: e.code, message: e.message } }));
      return 1;
    }
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`${e.message}\nUsage: npm run roster -- ${name} ${command.help}`);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    const { close } = await getDatabase().catch(() => ({ close: async () => {} }));
    await close();
  }
}

main().then((code) => process.exit(code));
