/**
 * The app server the HTTP measures (1's HTTP rows, 6 and 7) run against.
 *
 * With BENCH_APP_URL the bench uses the `next start` running there (its
 * process is not ours, so its memory is read only when BENCH_APP_PID names it).
 * Without it the bench starts its own: `next build` when `.next` is missing or
 * older than the sources (or always with --build, never with --no-build), then
 * `next start` on a free port against the bench database, with a throwaway
 * AUTH_SECRET, and stops it at the end.
 */
import { serverNodeFlags } from "../server-flags.mjs";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export type AppServer = {
  url: string;
  /** The server's process id when its memory can be read (ours, or BENCH_APP_PID). */
  pid?: number;
  /** Whether the bench started it (and built it: seconds, 0 when the build was current). */
  started: boolean;
  buildSeconds: number;
  startSeconds: number;
  stop: () => Promise<void>;
};

export type BuildPolicy = "auto" | "always" | "never";

const NEXT_BIN = "node_modules/next/dist/bin/next";
/** What a build depends on: a change under these makes `.next` stale. */
const SOURCES = [
  "app",
  "lib",
  "db",
  "public",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "postcss.config.mjs",
  "tsconfig.json",
];

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === "node_modules" || e.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

/** Why `.next` must be built again, or null when it is current. */
export function buildStaleness(root: string): string | null {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return ".next has no build";
  const built = fs.statSync(buildId).mtimeMs;
  for (const s of SOURCES) {
    if (newestMtime(path.join(root, s)) > built) return `${s} changed since the last build`;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer within ${timeoutMs / 1000} s:\n${output()}`);
}

function build(root: string, log: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [NEXT_BIN, "build"],
      { cwd: root, env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`next build failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
          return;
        }
        const route = stdout.split("\n").find((l) => /Compiled successfully/.test(l));
        if (route) log(route.trim());
        resolve();
      },
    );
  });
}

/** The app to measure: BENCH_APP_URL's, or one the bench builds if needed and starts against `databaseUrl`. */
export async function startAppServer(
  databaseUrl: string,
  opts: { build?: BuildPolicy; log?: (l: string) => void } = {},
): Promise<AppServer> {
  const log = opts.log ?? (() => {});
  const external = process.env.BENCH_APP_URL?.replace(/\/+$/, "");
  if (external) {
    const pid = Number(process.env.BENCH_APP_PID) || undefined;
    log(`using the app at ${external}${pid ? ` (pid ${pid})` : " (set BENCH_APP_PID to read its memory)"}`);
    return { url: external, pid, started: false, buildSeconds: 0, startSeconds: 0, stop: async () => {} };
  }

  const root = process.cwd();
  if (!fs.existsSync(path.join(root, NEXT_BIN))) throw new Error(`no ${NEXT_BIN}: run npm install first`);
  const policy = opts.build ?? "auto";
  let buildSeconds = 0;
  const stale = policy === "always" ? "--build given" : buildStaleness(root);
  if (stale && policy !== "never") {
    log(`next build (${stale}) …`);
    const t = performance.now();
    await build(root, log);
    buildSeconds = (performance.now() - t) / 1000;
    log(`next build in ${buildSeconds.toFixed(1)} s`);
  } else if (stale) {
    if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")))
      throw new Error("--no-build given but .next has no build");
    log(`using .next as it is (--no-build; ${stale})`);
  }

  // BENCH_APP_PORT: a port of one's own on a shared machine; else any free one.
  const port = Number(process.env.BENCH_APP_PORT) || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const t = performance.now();
  let output = "";
  // As `npm start` runs it, its Node flags included (the old generation's limit is what keeps it under 300 MB).
  const child = spawn(
    process.execPath,
    [...serverNodeFlags(), NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: process.env.BENCH_AUTH_SECRET ?? "bench-only-secret-do-not-use-anywhere-else-0123456789",
        AUTH_TRUST_HOST: "true",
        ROSTER_DEMO: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  // The server must not outlive the bench, however the bench ends.
  const killOnExit = () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(url, child, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  const startSeconds = (performance.now() - t) / 1000;
  log(`next start on ${url} (pid ${child.pid}) ready in ${startSeconds.toFixed(1)} s`);
  return { url, pid: child.pid, started: true, buildSeconds, startSeconds, stop };
}

/** VmRSS and VmHWM of a process and its descendants, in MB (Linux /proc). */
export function processMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  const pids = [pid];
  try {
    const parents = new Map<number, number[]>();
    for (const e of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        parents.set(ppid, [...(parents.get(ppid) ?? []), Number(e)]);
      } catch {
        // Gone meanwhile.
      }
    }
    for (let i = 0; i < pids.length; i++) pids.push(...(parents.get(pids[i]!) ?? []));
  } catch {
    // No /proc listing: the process alone.
  }
  let rss = 0;
  let hwm = 0;
  let found = false;
  for (const p of pids) {
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${p}/status`, "utf8");
    } catch {
      continue;
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    rss += kb("VmRSS");
    hwm += kb("VmHWM");
    found = true;
  }
  return found ? { rssMb: rss / 1024, hwmMb: hwm / 1024 } : null;
}
