import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropRunDatabases, prepareTemplate } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    testRun: { runId: string; template: string } | null;
  }
}

/** Migrates this run's template database once (Postgres only; PGlite files migrate their own). */
export async function setup(project: TestProject) {
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
