import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, messages, users, type Client } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { normalizeEmail } from "@/lib/core/validation";
import { consumeVerification, findVerificationToken } from "@/lib/identity/verify-email";
import { drainJobs } from "@/lib/jobs";
import { registerMember, type RegisterMemberInput } from "@/lib/portal/register-member";

/** The origin mailed links are built with in tests. */
export const TEST_ORIGIN = "http://roster.test";

/** The tokens of the mailed links (`/verify?token=…`, `/confirm?token=…`) in a mail body. */
export function linkTokens(body: string): string[] {
  return [...body.matchAll(/[?&]token=([A-Za-z0-9_%-]+)/g)].map((m) => decodeURIComponent(m[1]!));
}

/** The mails recorded (Sent mail) to an address, of a kind, after running due jobs; waits for the first (the queue may send later). */
export async function mailsTo(to: string, kind?: string, timeoutMs = 5_000) {
  const db = await getDb();
  const until = Date.now() + timeoutMs;
  for (;;) {
    await drainJobs();
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.toAddress, normalizeEmail(to)), kind ? eq(messages.kind, kind) : undefined));
    if (rows.length || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A live verification token mailed to the address (A1), read from the mail as the person would. */
export async function verificationTokenFor(email: string, now = new Date()): Promise<string> {
  const db = await getDb();
  for (const m of await mailsTo(email, "verify_email")) {
    for (const token of linkTokens(m.body)) if (await findVerificationToken(db, token, now)) return token;
  }
  throw new Error(`No live verification link mailed to ${email}`);
}

/**
 * Signs a member up at the ctx's studio and follows the mailed verification
 * link with the password (A1), as a real person does: the login is then
 * verified and linked to the studio's client with the email.
 */
export async function registerVerifiedMember(
  ctx: Ctx,
  input: RegisterMemberInput,
  opts: { source?: "portal" | "embed" } = {},
): Promise<{ client: Client; userId: string }> {
  await registerMember(ctx, input, { source: opts.source, origin: TEST_ORIGIN });
  const token = await verificationTokenFor(input.email, ctx.now);
  const db = await getDb();
  await consumeVerification(db, { token, password: input.password, ip: "203.0.113.7" }, ctx.now);
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(input.email)));
  const [client] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.userId, user!.id)));
  if (!client) throw new Error("Verification linked no client");
  return { client, userId: user!.id };
}
