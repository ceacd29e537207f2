import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Test stand-ins for the wallets' credentials (W1), made with `openssl` in a
 * temporary directory: a self-signed "WWDR" authority, a pass certificate it
 * signed with an encrypted key, and an RSA key for Google's service account.
 * `env` is the configuration lib/cards/wallet-config.ts reads.
 */
export type WalletTestCredentials = {
  dir: string;
  wwdrPath: string;
  certPath: string;
  keyPath: string;
  googleKeyPath: string;
  googlePublicKey: string;
  env: Record<string, string>;
};

export const TEST_PASS_TYPE_ID = "pass.test.roster.card";
export const TEST_TEAM_ID = "TEST123456";
export const TEST_ISSUER_ID = "3388000000012345678";
export const TEST_SERVICE_ACCOUNT = "wallet@roster-test.iam.gserviceaccount.com";
const PASSPHRASE = "test passphrase";

let made: WalletTestCredentials | undefined;

export function walletTestCredentials(): WalletTestCredentials {
  if (made) return made;
  const dir = mkdtempSync(path.join(tmpdir(), "roster-wallet-"));
  const at = (f: string) => path.join(dir, f);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Test WWDR",
    "-keyout",
    "wwdr.key",
    "-out",
    "wwdr.pem",
  );
  ssl(
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-aes-256-cbc",
    "-pass",
    `pass:${PASSPHRASE}`,
    "-out",
    "pass.key",
  );
  ssl(
    "req",
    "-new",
    "-key",
    "pass.key",
    "-passin",
    `pass:${PASSPHRASE}`,
    "-subj",
    `/UID=${TEST_PASS_TYPE_ID}/CN=Pass Type ID: ${TEST_PASS_TYPE_ID}/OU=${TEST_TEAM_ID}`,
    "-out",
    "pass.csr",
  );
  ssl(
    "x509",
    "-req",
    "-in",
    "pass.csr",
    "-CA",
    "wwdr.pem",
    "-CAkey",
    "wwdr.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-out",
    "pass.pem",
  );
  ssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "google.key");
  ssl("pkey", "-in", "google.key", "-pubout", "-out", "google.pub");
  made = {
    dir,
    wwdrPath: at("wwdr.pem"),
    certPath: at("pass.pem"),
    keyPath: at("pass.key"),
    googleKeyPath: at("google.key"),
    googlePublicKey: readFileSync(at("google.pub"), "utf8"),
    env: {
      APPLE_PASS_TYPE_ID: TEST_PASS_TYPE_ID,
      APPLE_TEAM_ID: TEST_TEAM_ID,
      // One as PEM text with escaped newlines (as a one-line env var), the others as file paths.
      APPLE_PASS_CERT: readFileSync(at("pass.pem"), "utf8").trim().replaceAll("\n", "\\n"),
      APPLE_PASS_KEY: at("pass.key"),
      APPLE_PASS_KEY_PASSPHRASE: PASSPHRASE,
      APPLE_WWDR_CERT: at("wwdr.pem"),
      GOOGLE_WALLET_ISSUER_ID: TEST_ISSUER_ID,
      GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: TEST_SERVICE_ACCOUNT,
      GOOGLE_WALLET_PRIVATE_KEY: readFileSync(at("google.key"), "utf8"),
    },
  };
  return made;
}
