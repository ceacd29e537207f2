import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { propertySeed } from "./property-seed";
import { dropRunDatabases, prepareTemplate } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    testRun: { runId: string; template: string } | null;
    propertySeed: number | null;
  }
}

/** Chooses the property tests' seed, and migrates this run's template database once (Postgres only; PGlite files migrate their own). */
export async function setup(project: TestProject) {
  const seed = propertySeed();
  project.provide("propertySeed", seed);
  console.log(
    `property tests: seed ${seed ?? "random"} (PROPERTY_SEED=<seed> replays, PROPERTY_SEED=random draws anew)`,
  );
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide("testRun", null);
    return;
  }
  const runId = `r${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const template = await prepareTemplate(url, runId);
  project.provide("testRun", { runId, template });
  return async () => {
    await dropRunDatabases(url, runId);
  };
}
