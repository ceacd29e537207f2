import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseLockedError, lockDataDir } from "./lock";
import { openDatabase } from "./index";

function holdLockInChild(dir: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const script = `
    const fs = require("fs"); const path = require("path");
    fs.mkdirSync(${JSON.stringify(dir)}, { recursive: true });
    fs.writeFileSync(path.join(${JSON.stringify(dir)}, "roster.lock"), JSON.stringify({ pid: process.pid, command: "test holder" }), { flag: "wx" });
    console.log("locked"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  // stop() resolves once the process has really exited (no fixed sleep after SIGKILL).
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolve) => child.stdout!.once("data", () => resolve({ pid: child.pid!, stop })));
}

describe("embedded database lock", () => {
  it("a second process opening the data directory gets a clear error and writes nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-lock-"));
    const holder = await holdLockInChild(dir);
    try {
      await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(DatabaseLockedError);
      await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(
        /already open in another process \(pid \d+: test holder\)/,
      );
      // Nothing but the holder's lock file was written.
      expect(fs.readdirSync(dir)).toEqual(["roster.lock"]);
    } finally {
      await holder.stop();
    }
  });

  it("a lock left by a process that died is taken over, and released on close", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-lock-"));
    const holder = await holdLockInChild(dir);
    await holder.stop();
    // The holder is gone: signal 0 finds no such process.
    expect(() => process.kill(holder.pid, 0)).toThrow();
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "roster.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "roster.lock"))).toBe(false);
  });

  // Two full migrations of an on-disk PGlite: about 30 s on a loaded 2-CPU machine.
  it("opens, migrates and reopens a PGlite directory", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-pglite-"));
    const first = await openDatabase({ kind: "pglite", dataDir: dir });
    await first.db.execute("create table kept (n int)");
    await first.db.execute("insert into kept values (42)");
    await first.close();
    const second = await openDatabase({ kind: "pglite", dataDir: dir });
    const rows = (await second.db.execute("select n from kept")) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]!.n).toBe(42);
    await second.close();
  });
});
