import { createHash, randomBytes } from "node:crypto";

/**
 * One-time tokens for links sent by mail (A1 verification, A2 reset, T1 invitations):
 * 32 random bytes, base64url in the link; only the SHA-256 is stored, so a
 * leaked table holds nothing that opens an account.
 */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
