import { dropTemplate, prepareTemplate } from "./test-database";

/** Migrates the template database once per run (Postgres only; PGlite files migrate their own). */
export async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) await prepareTemplate(url);
  return async () => {
    if (url) await dropTemplate(url);
  };
}
