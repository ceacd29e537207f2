import { afterAll, beforeAll, inject } from "vitest";
import { setDatabase, type DatabaseHandle } from "@/db";
import { openTestDatabase } from "./test-database";

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
