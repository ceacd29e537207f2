/**
 * The app's public origin for links in mails sent by jobs (no request to read
 * it from): `APP_URL`, else `AUTH_URL`; null when neither is set.
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
