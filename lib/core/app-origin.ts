/**
 * The app's configured public origin: `APP_URL`, else `AUTH_URL`; null when
 * neither is set (or neither is a URL). Links in mail use it (jobs have no
 * request to read one from), and so do the links a visitor's Host must not
 * choose (app/_lib/link-origin.ts).
 */
export function appOrigin(env: Record<string, string | undefined> = process.env): string | null {
  const configured = env.APP_URL?.trim() || env.AUTH_URL?.trim();
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}
