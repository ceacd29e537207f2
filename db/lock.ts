import fs from "node:fs";
import path from "node:path";

export class DatabaseLockedError extends Error {
  constructor(dataDir: string, holder: { pid: number; command?: string }) {
    super(
      `The embedded database in ${dataDir} is already open in another process (pid ${holder.pid}${
        holder.command ? `: ${holder.command}` : ""
      }). PGlite allows one process at a time, so this one will not open it. ` +
        `Stop the other process (for example a running "npm run dev"), or set DATABASE_URL to use a Postgres server.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive, process-wide lock on an embedded data directory.
 * A lock left by a process that no longer runs is taken over; one held by a
 * live process throws DatabaseLockedError, before anything is opened or written.
 * Returns the release function (also run on process exit).
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "roster.lock");
  const content = JSON.stringify({ pid: process.pid, command: process.argv.slice(1).join(" ").slice(0, 200) });

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid: number };
          if (held.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: { pid: number; command?: string } = { pid: -1 };
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, "utf8"));
      } catch {
        // A torn or empty lock file is treated as stale.
      }
      if (holder.pid > 0 && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DatabaseLockedError(dataDir, holder);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
