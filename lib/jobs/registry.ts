import type { z } from "zod";

/** What a handler learns about the run it is in. */
export type JobRun = { id: string; attempts: number; maxAttempts: number; key: string | null };

/**
 * One kind of job (J1), documenso style: a name, a zod payload and a lazily
 * imported handler (so defining jobs never pulls SMTP, Stripe, … into a page).
 * The handler must be safe to run twice (delivery is at least once).
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  /** Attempts before the job stays failed (graphile-worker backs off exp(min(attempt, 10)) s between them). */
  maxAttempts?: number;
  handler: () => Promise<(payload: z.output<S>, run: JobRun) => Promise<void>>;
};

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

const extra = new Map<string, JobDefinition>();

/** Adds a job kind at run time (tests: `test.*` jobs). Production jobs are listed in ./definitions.ts. */
export function registerJob<S extends z.ZodType>(def: JobDefinition<S>): void {
  extra.set(def.name, def as unknown as JobDefinition);
}

export function extraJobs(): JobDefinition[] {
  return [...extra.values()];
}
