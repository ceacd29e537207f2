import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * W1: the wallet passes' configuration, read from the environment here and
 * nowhere else. Each wallet is off until its variables are set (the portal
 * card page then shows only the QR code); set partly or wrongly, it is off
 * too and the reason is a `WalletConfigError` naming the variables, thrown
 * where a pass is made and logged where the buttons are decided. Nothing is
 * read at start-up, so a missing or broken setting never stops the server.
 *
 * Certificates and keys are PEM, given either as the PEM text itself (newlines
 * may be written `\n`) or as the path of a PEM file.
 *
 * Apple Wallet (all but the passphrase required):
 *   APPLE_PASS_TYPE_ID         the Pass Type ID, e.g. `pass.com.example.roster`
 *   APPLE_TEAM_ID              the Apple Developer team id (10 characters)
 *   APPLE_PASS_CERT            the Pass Type ID certificate (PEM)
 *   APPLE_PASS_KEY             its private key (PEM)
 *   APPLE_PASS_KEY_PASSPHRASE  the key's passphrase, if it is encrypted
 *   APPLE_WWDR_CERT            Apple's WWDR intermediate certificate (PEM, G4)
 *
 * Google Wallet (all required):
 *   GOOGLE_WALLET_ISSUER_ID               the issuer id (digits) of the Google Pay & Wallet Console
 *   GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL   the service account's email (`client_email` of its JSON key)
 *   GOOGLE_WALLET_PRIVATE_KEY             its private key (`private_key` of the JSON key, PEM)
 */

export type Env = Record<string, string | undefined>;

export class WalletConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WalletConfigError";
  }
}

export type AppleWalletConfig = {
  passTypeId: string;
  teamId: string;
  signerCert: string;
  signerKey: string;
  signerKeyPassphrase?: string;
  wwdr: string;
};

export type GoogleWalletConfig = {
  issuerId: string;
  serviceAccountEmail: string;
  privateKey: string;
};

const Pem = z.string().min(1, "is empty");

const AppleEnv = z.object({
  APPLE_PASS_TYPE_ID: z
    .string()
    .regex(/^pass\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, "must look like pass.com.example.roster"),
  APPLE_TEAM_ID: z.string().regex(/^[0-9A-Z]{10}$/, "must be the 10-character team id"),
  APPLE_PASS_CERT: Pem,
  APPLE_PASS_KEY: Pem,
  APPLE_PASS_KEY_PASSPHRASE: z.string().optional(),
  APPLE_WWDR_CERT: Pem,
});

const GoogleEnv = z.object({
  GOOGLE_WALLET_ISSUER_ID: z.string().regex(/^\d+$/, "must be the issuer id (digits)"),
  GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: z.email("must be the service account's email"),
  GOOGLE_WALLET_PRIVATE_KEY: Pem,
});

/** The variables of one wallet that are set (an empty value counts as unset). */
function pick<K extends string>(env: Env, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = env[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

function parse<T extends z.ZodObject>(schema: T, values: object, wallet: string): z.output<T> {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  const problems = r.error.issues.map(
    (i) => `${String(i.path[0])} ${i.code === "invalid_type" ? "is not set" : i.message}`,
  );
  throw new WalletConfigError(`${wallet} is partly configured: ${problems.join("; ")}.`);
}

/** PEM text, or the contents of the PEM file a value names. */
function pemOf(value: string, name: string, kind: "CERTIFICATE" | "PRIVATE KEY"): string {
  let text = value.includes("-----BEGIN") ? value.replaceAll("\\n", "\n") : null;
  if (text === null) {
    try {
      text = readFileSync(value, "utf8");
    } catch {
      throw new WalletConfigError(`${name} is neither PEM text nor a readable file (${value}).`);
    }
  }
  const ok =
    kind === "CERTIFICATE" ? /-----BEGIN CERTIFICATE-----/.test(text) : /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
  if (!ok) throw new WalletConfigError(`${name} holds no PEM ${kind.toLowerCase()}.`);
  return text;
}

const APPLE_KEYS = AppleEnv.keyof().options;
const GOOGLE_KEYS = GoogleEnv.keyof().options;

/** W1: Apple Wallet's settings; null when none is set; a `WalletConfigError` when set partly or wrongly. */
export function appleWalletConfig(env: Env = process.env): AppleWalletConfig | null {
  const values = pick(env, APPLE_KEYS);
  if (Object.keys(values).length === 0) return null;
  const e = parse(AppleEnv, values, "Apple Wallet");
  return {
    passTypeId: e.APPLE_PASS_TYPE_ID,
    teamId: e.APPLE_TEAM_ID,
    signerCert: pemOf(e.APPLE_PASS_CERT, "APPLE_PASS_CERT", "CERTIFICATE"),
    signerKey: pemOf(e.APPLE_PASS_KEY, "APPLE_PASS_KEY", "PRIVATE KEY"),
    signerKeyPassphrase: e.APPLE_PASS_KEY_PASSPHRASE,
    wwdr: pemOf(e.APPLE_WWDR_CERT, "APPLE_WWDR_CERT", "CERTIFICATE"),
  };
}

/** W1: Google Wallet's settings; null when none is set; a `WalletConfigError` when set partly or wrongly. */
export function googleWalletConfig(env: Env = process.env): GoogleWalletConfig | null {
  const values = pick(env, GOOGLE_KEYS);
  if (Object.keys(values).length === 0) return null;
  const e = parse(GoogleEnv, values, "Google Wallet");
  return {
    issuerId: e.GOOGLE_WALLET_ISSUER_ID,
    serviceAccountEmail: e.GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL,
    privateKey: pemOf(e.GOOGLE_WALLET_PRIVATE_KEY, "GOOGLE_WALLET_PRIVATE_KEY", "PRIVATE KEY"),
  };
}

function usable(read: () => unknown): boolean {
  try {
    return read() !== null;
  } catch (err) {
    if (!(err instanceof WalletConfigError)) throw err;
    console.error(`[wallet] ${err.message} Its button is hidden until this is fixed.`);
    return false;
  }
}

/**
 * W1: which "add to wallet" buttons the portal card page shows: a wallet
 * whose settings are complete and readable. A broken setting hides its button
 * and is logged; it never breaks the page.
 */
export function walletButtons(env: Env = process.env): { apple: boolean; google: boolean } {
  return { apple: usable(() => appleWalletConfig(env)), google: usable(() => googleWalletConfig(env)) };
}
