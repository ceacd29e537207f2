import fc from "fast-check";
import { afterAll, beforeAll, inject } from "vitest";
import { setDatabase, type DatabaseHandle } from "@/db";
import { openTestDatabase } from "./test-database";

// Every property test of the run draws from one seed (test/support/property-seed.ts).
const seed = inject("propertySeed");
if (seed !== null) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

// Each test file runs against its own database (STYLE.md: never one shared between files).
let handle: DatabaseHandle | undefined;

beforeAll(async () => {
  handle = await openTestDatabase(inject("testRun") ?? undefined);
  setDatabase(handle);
});

afterAll(async () => {
  setDatabase(undefined);
  await handle?.close();
});
