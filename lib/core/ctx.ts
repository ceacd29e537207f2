import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import type { StaffRole, Studio } from "@/db/schema";
import { ForbiddenError } from "./errors";
import { can } from "./permissions";

/** Who is acting. Every verb receives one and checks it itself. */
export type Actor =
  | { kind: "staff"; userId: string; role: StaffRole }
  /** A client acting for themself: through a portal login, or (userId null) signed in by their studio's embed token (E2). */
  | { kind: "member"; userId: string | null; clientId: string }
  /** X3: `scopes` are the key's (API.md: read, book, message, manage); absent means all. */
  | { kind: "api"; keyId: string; role: "owner"; scopes?: readonly string[] }
  | { kind: "system"; reason: string };

/** What every domain verb receives: the database (or the surrounding transaction), the tenant, the actor and the clock. */
export type Ctx = {
  db: Db;
  studio: Studio;
  actor: Actor;
  now: Date;
};

/** A role the deprecated `requireRole` takes. */
export type Role = "owner" | "instructor" | "member";

/**
 * @deprecated T2: verbs check a permission (`requirePermission` in
 * lib/core/permissions.ts). This thin shim keeps old calls working:
 * "owner" → the `settings` permission (owners and managers), "instructor" →
 * any staff, "member" → a member (API keys and the system pass all).
 */
export function requireRole(ctx: Ctx, ...roles: Role[]): void {
  const a = ctx.actor;
  const ok =
    a.kind === "system" ||
    a.kind === "api" ||
    (a.kind === "staff" && (roles.includes("instructor") || can(ctx, "settings"))) ||
    (a.kind === "member" && roles.includes("member"));
  if (!ok) throw new ForbiddenError();
}

/** @deprecated T2: use `can(ctx, permission)` from lib/core/permissions.ts. Holds the `settings` permission. */
export function hasOwnerRights(ctx: Ctx): boolean {
  return can(ctx, "settings");
}

export function isStaffLike(ctx: Ctx): boolean {
  return ctx.actor.kind !== "member";
}

/** The id recorded as "who did it" in audits and ledgers. */
export function actorId(actor: Actor): string | null {
  switch (actor.kind) {
    case "staff":
    case "member":
      return actor.userId;
    case "api":
      return actor.keyId;
    case "system":
      return null;
  }
}

/**
 * Runs `fn` in a transaction, or inside the caller's transaction when `ctx.db`
 * already is one (Drizzle turns the nested call into a savepoint), so verbs compose.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db }));
}

/** Postgres gave up a transaction to break a deadlock (40P01) or a serialization conflict (40001). */
function isRetryable(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.code === "40P01" || x.code === "40001") return true;
  }
  return false;
}

/**
 * inTransaction for verbs whose locks can meet another verb's in the opposite
 * order (a member cancelling a booking while the studio cancels its session,
 * two cancels promoting each other's waiting clients): when Postgres breaks a
 * deadlock by aborting this transaction, nothing of it was written, so it is
 * run again from the start, up to `attempts` times. Inside a caller's
 * transaction it cannot start over alone, so there it is plain inTransaction
 * and the caller's own retry (or error) applies. Side effects (mail) belong
 * after it returns.
 */
export async function inRetryingTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>, attempts = 4): Promise<T> {
  if (ctx.db instanceof PgTransaction) return inTransaction(ctx, fn);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, fn);
    } catch (e) {
      if (attempt >= attempts || !isRetryable(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
