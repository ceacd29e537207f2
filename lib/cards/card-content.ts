/**
 * W1: what a member card's QR code carries. Pure (no server imports) so the
 * Scan page's camera code can read a code with the same rules as the server.
 *
 * The content is `roster-card:<token>`: the prefix tells a Roster card from any
 * other QR code, and the token is 64 random hex characters that reveal neither
 * the studio nor the client's id.
 */
export const CARD_QR_PREFIX = "roster-card:";

const TOKEN = /^[0-9a-f]{64}$/;

/** The QR content of a card token. */
export function cardQrContent(token: string): string {
  return `${CARD_QR_PREFIX}${token}`;
}

/**
 * The token in what a scanner read or a person typed: the QR content
 * (`roster-card:<token>`) or the bare token, any case, surrounding spaces
 * ignored. Null when it cannot be a card token, so a malformed value never
 * reaches SQL.
 */
export function parseCardToken(input: string): string | null {
  let s = input.trim();
  if (s.toLowerCase().startsWith(CARD_QR_PREFIX)) s = s.slice(CARD_QR_PREFIX.length).trim();
  s = s.toLowerCase();
  return TOKEN.test(s) ? s : null;
}
