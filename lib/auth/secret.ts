import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The secret that signs session tokens: AUTH_SECRET, or in development a
 * random one generated once and kept in .data/auth-secret, so a newcomer's
 * `npm run dev` signs people in without configuration and restarts keep them
 * signed in. Production without AUTH_SECRET gets undefined, and the app
 * refuses to start (instrumentation.ts).
 */
export function resolveAuthSecret(env = process.env): string | undefined {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production") return undefined;
  const file = path.resolve(process.cwd(), ".data/auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
