import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * X2, API.md: `Roster-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. During a secret rotation both the
 * new and the previous secret sign, as two `v1=` entries; a receiver accepts the request when one matches.
 */
export function signatureHeader(secrets: string[], body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((s) => `v1=${createHmac("sha256", s).update(`${t}.${body}`).digest("hex")}`)].join(
    ",",
  );
}

/** The receiver's check (the README's example does the same in a few lines). */
export function verifySignature(secret: string, body: string, header: string, now = new Date(), toleranceS = 300) {
  const parts = header.split(",").map((p) => p.split("=", 2) as [string, string]);
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isFinite(t) || Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return parts.some(
    ([k, v]) => k === "v1" && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected),
  );
}
