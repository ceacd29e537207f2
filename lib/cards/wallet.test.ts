import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createPublicKey } from "node:crypto";
import { decodeJwt, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { eraseClient } from "@/lib/clients/erase-client";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import {
  TEST_ISSUER_ID,
  TEST_PASS_TYPE_ID,
  TEST_SERVICE_ACCOUNT,
  TEST_TEAM_ID,
  walletTestCredentials,
} from "@/test/support/wallet-certs";
import { cardQrContent, parseCardToken } from "./card-content";
import {
  APPLE_PASS_CONTENT_TYPE,
  GOOGLE_SAVE_URL,
  WalletConfigError,
  appleWalletConfig,
  getCard,
  getClientCard,
  getMyApplePass,
  getMyGoogleWalletUrl,
  googleWalletConfig,
  rotateCardToken,
  walletButtons,
} from ".";

const NOW = new Date("2026-03-02T09:00:00Z");

async function memberCtx(s: TestStudio, clientId: string) {
  return s.ctx({ kind: "member", userId: randomUUID(), clientId }, NOW);
}

/** A studio with one client, the client's member ctx and card token. */
async function member(name = "Wanda Wallet") {
  const s = await makeStudio({ name: "Wallet Yoga" });
  const client = await makeClient(await s.owner(NOW), name);
  const token = (await getClientCard(await s.owner(NOW), client.id)).token;
  return { s, client, token, ctx: await memberCtx(s, client.id) };
}

type Unzipped = { dir: string; files: string[]; read: (f: string) => Buffer };

/** Unpacks a .pkpass (a zip) with `unzip` into a temporary directory. */
function unzipPass(body: Buffer): Unzipped {
  const dir = mkdtempSync(path.join(walletTestCredentials().dir, "pass-"));
  writeFileSync(path.join(dir, "card.pkpass"), body);
  execFileSync("unzip", ["-q", "card.pkpass", "-d", "out"], { cwd: dir });
  const out = path.join(dir, "out");
  const files = (readdirSync(out, { recursive: true }) as string[]).sort();
  return { dir: out, files, read: (f) => readFileSync(path.join(out, f)) };
}

/** Verifies the PKCS#7 detached signature over manifest.json against the test WWDR authority. */
function verifySignature(dir: string): boolean {
  try {
    execFileSync(
      "openssl",
      ["cms", "-verify", "-binary", "-inform", "DER", "-in", "signature", "-content", "manifest.json"].concat([
        "-CAfile",
        walletTestCredentials().wwdrPath,
        "-purpose",
        "any",
        "-out",
        "/dev/null",
      ]),
      { cwd: dir, stdio: "pipe" },
    );
    return true;
  } catch {
    return false;
  }
}

/** The certificates the signature carries (subject lines). */
function signatureCertificates(dir: string): string {
  return execFileSync("openssl", ["pkcs7", "-inform", "DER", "-in", "signature", "-print_certs", "-noout"], {
    cwd: dir,
  }).toString();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("wallet configuration (W1)", () => {
  it("W1: nothing set: both wallets are off, no error, and the card page keeps only the QR code", () => {
    expect(appleWalletConfig({})).toBeNull();
    expect(googleWalletConfig({ GOOGLE_WALLET_ISSUER_ID: "  " })).toBeNull();
    expect(walletButtons({})).toEqual({ apple: false, google: false });
  });

  it("W1: complete settings are read from PEM text (escaped newlines) or from file paths", () => {
    const { env, certPath, wwdrPath, keyPath } = walletTestCredentials();
    const apple = appleWalletConfig(env)!;
    expect(apple).toMatchObject({ passTypeId: TEST_PASS_TYPE_ID, teamId: TEST_TEAM_ID });
    expect(apple.signerCert.trim()).toBe(readFileSync(certPath, "utf8").trim());
    expect(apple.wwdr).toBe(readFileSync(wwdrPath, "utf8"));
    expect(apple.signerKey).toBe(readFileSync(keyPath, "utf8"));
    expect(googleWalletConfig(env)).toMatchObject({
      issuerId: TEST_ISSUER_ID,
      serviceAccountEmail: TEST_SERVICE_ACCOUNT,
    });
    expect(walletButtons(env)).toEqual({ apple: true, google: true });
  });

  it("W1: partly or wrongly set: a clear error naming the variables, and the button is hidden (logged), never a crash", () => {
    const { env } = walletTestCredentials();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const partial = { APPLE_PASS_TYPE_ID: TEST_PASS_TYPE_ID, APPLE_TEAM_ID: "short" };
    expect(() => appleWalletConfig(partial)).toThrow(WalletConfigError);
    expect(() => appleWalletConfig(partial)).toThrow(/APPLE_TEAM_ID .*10-character.*APPLE_PASS_CERT is not set/);
    expect(() => appleWalletConfig({ ...env, APPLE_WWDR_CERT: "/nowhere/wwdr.pem" })).toThrow(
      /APPLE_WWDR_CERT is neither PEM text nor a readable file/,
    );
    expect(() => appleWalletConfig({ ...env, APPLE_PASS_KEY: env.APPLE_WWDR_CERT })).toThrow(
      /APPLE_PASS_KEY holds no PEM private key/,
    );
    expect(() => googleWalletConfig({ ...env, GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: "nope" })).toThrow(
      /GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL must be the service account's email/,
    );
    expect(walletButtons({ ...partial, GOOGLE_WALLET_ISSUER_ID: TEST_ISSUER_ID })).toEqual({
      apple: false,
      google: false,
    });
    expect(log).toHaveBeenCalledTimes(2);
    expect(String(log.mock.calls[0]![0])).toMatch(/Apple Wallet is partly configured/);
    expect(String(log.mock.calls[1]![0])).toMatch(/Google Wallet is partly configured.*GOOGLE_WALLET_PRIVATE_KEY/);
  });
});

describe("Apple Wallet pass (W1)", () => {
  it("W1: a signed .pkpass: every file's SHA-1 is in the manifest, the signature over the manifest verifies, and pass.json carries the card", async () => {
    const { s, token, ctx } = await member();
    const pass = await getMyApplePass(ctx, walletTestCredentials().env);
    expect(pass.contentType).toBe(APPLE_PASS_CONTENT_TYPE);
    expect(pass.body.subarray(0, 2).toString()).toBe("PK");
    const zip = unzipPass(pass.body);
    expect(zip.files).toEqual(["icon.png", "icon@2x.png", "icon@3x.png", "manifest.json", "pass.json", "signature"]);

    // The manifest lists every other file with its SHA-1, and nothing else.
    const manifest = JSON.parse(zip.read("manifest.json").toString()) as Record<string, string>;
    const listed = zip.files.filter((f) => f !== "manifest.json" && f !== "signature");
    expect(Object.keys(manifest).sort()).toEqual(listed);
    for (const f of listed) expect(manifest[f], f).toBe(createHash("sha1").update(zip.read(f)).digest("hex"));

    // The detached PKCS#7 signature over manifest.json verifies against the test chain, with both certificates in it.
    expect(verifySignature(zip.dir)).toBe(true);
    const certs = signatureCertificates(zip.dir);
    expect(certs).toContain(`Pass Type ID: ${TEST_PASS_TYPE_ID}`);
    expect(certs).toContain("Test WWDR");
    // ...and only over that manifest: a changed manifest fails.
    writeFileSync(path.join(zip.dir, "manifest.json"), JSON.stringify({ ...manifest, "pass.json": "0".repeat(40) }));
    expect(verifySignature(zip.dir)).toBe(false);

    const json = JSON.parse(zip.read("pass.json").toString()) as Record<string, unknown> & {
      barcodes: { format: string; message: string }[];
      generic: { primaryFields: { value: string }[]; secondaryFields: { value: string }[] };
    };
    expect(json).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: TEST_PASS_TYPE_ID,
      teamIdentifier: TEST_TEAM_ID,
      organizationName: "Wallet Yoga",
      logoText: "Wallet Yoga",
    });
    expect(json.generic.primaryFields[0]!.value).toBe("Wanda Wallet");
    expect(json.generic.secondaryFields[0]!.value).toBe("Wallet Yoga");
    // The barcode is exactly the portal QR's content; the serial names the card without being it.
    expect(json.barcodes).toEqual([
      expect.objectContaining({ format: "PKBarcodeFormatQR", message: cardQrContent(token) }),
    ]);
    expect(String(json.serialNumber)).not.toContain(token);
    expect(JSON.stringify(json)).not.toContain(s.studio.id);
  });

  it("W1: the pass's token scans at the desk; replacing the card refuses it, and the new pass carries the new token", async () => {
    const { s, client, ctx } = await member();
    const env = walletTestCredentials().env;
    const barcode = (body: Buffer) =>
      JSON.parse(unzipPass(body).read("pass.json").toString()) as {
        barcodes: { message: string }[];
        serialNumber: string;
      };
    const before = barcode((await getMyApplePass(ctx, env)).body);
    const staff = await s.instructor(NOW);
    expect((await getCard(staff, before.barcodes[0]!.message)).client.id).toBe(client.id);

    await rotateCardToken(staff, client.id);
    await expect(getCard(staff, before.barcodes[0]!.message)).rejects.toBeInstanceOf(NotFoundError);
    const after = barcode((await getMyApplePass(ctx, env)).body);
    expect(after.barcodes[0]!.message).not.toBe(before.barcodes[0]!.message);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect((await getCard(staff, after.barcodes[0]!.message)).client.id).toBe(client.id);
  });

  it("W1: members only, their own card only; without Apple Wallet's settings there is no pass", async () => {
    const { s, client, ctx } = await member();
    const env = walletTestCredentials().env;
    await expect(getMyApplePass(ctx, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyApplePass(await s.owner(NOW), env)).rejects.toBeInstanceOf(ForbiddenError);
    const other = await makeStudio();
    await expect(getMyApplePass(await memberCtx(other, client.id), env)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyApplePass(ctx, { ...env, APPLE_PASS_CERT: "" })).rejects.toBeInstanceOf(WalletConfigError);
  });
});

type SaveClaims = {
  iss: string;
  aud: string;
  typ: string;
  iat: number;
  origins: string[];
  payload: {
    genericClasses: { id: string }[];
    genericObjects: {
      id: string;
      classId: string;
      state: string;
      cardTitle: { defaultValue: { value: string } };
      header: { defaultValue: { value: string } };
      barcode: { type: string; value: string };
    }[];
  };
};

async function verifiedClaims(url: string): Promise<SaveClaims> {
  expect(url.startsWith(GOOGLE_SAVE_URL)).toBe(true);
  const jwt = url.slice(GOOGLE_SAVE_URL.length);
  const key = createPublicKey(walletTestCredentials().googlePublicKey);
  const { payload, protectedHeader } = await jwtVerify(jwt, key, {
    algorithms: ["RS256"],
    issuer: TEST_SERVICE_ACCOUNT,
    audience: "google",
    currentDate: NOW,
  });
  expect(protectedHeader.alg).toBe("RS256");
  return payload as unknown as SaveClaims;
}

describe("Google Wallet link (W1)", () => {
  it("W1: an RS256 JWT from the service account: aud google, typ savetowallet, the origin, and one generic pass whose barcode is the card", async () => {
    const { s, token, ctx } = await member();
    const url = await getMyGoogleWalletUrl(ctx, { origin: "https://roster.example" }, walletTestCredentials().env);
    const claims = await verifiedClaims(url);
    expect(claims).toMatchObject({
      iss: TEST_SERVICE_ACCOUNT,
      aud: "google",
      typ: "savetowallet",
      iat: NOW.getTime() / 1000,
      origins: ["https://roster.example"],
    });
    const object = claims.payload.genericObjects[0]!;
    expect(claims.payload.genericObjects).toHaveLength(1);
    expect(claims.payload.genericClasses).toEqual([{ id: object.classId }]);
    expect(object.classId.startsWith(`${TEST_ISSUER_ID}.`)).toBe(true);
    expect(object.id).toMatch(new RegExp(`^${TEST_ISSUER_ID}\\.[A-Za-z0-9._-]+$`));
    expect(object.id).not.toContain(token);
    expect(object).toMatchObject({
      state: "ACTIVE",
      cardTitle: { defaultValue: { value: "Wallet Yoga" } },
      header: { defaultValue: { value: "Wanda Wallet" } },
      barcode: { type: "QR_CODE", value: cardQrContent(token) },
    });
    expect(parseCardToken(object.barcode.value)).toBe(token);
    expect(JSON.stringify(claims)).not.toContain(s.studio.id);

    // Signed by that key only: another key's signature is refused.
    const forged = url.slice(0, -8) + (url.endsWith("AAAAAAAA") ? "BBBBBBBB" : "AAAAAAAA");
    await expect(verifiedClaims(forged)).rejects.toThrow();
  });

  it("W1: erasing the client voids the pass: the token taken from the JWT is refused at scan, and no new link is made", async () => {
    const { s, client, ctx } = await member();
    const env = walletTestCredentials().env;
    const url = await getMyGoogleWalletUrl(ctx, { origin: "https://roster.example" }, env);
    const value = (decodeJwt(url.slice(GOOGLE_SAVE_URL.length)) as unknown as SaveClaims).payload.genericObjects[0]!
      .barcode.value;
    const owner = await s.owner(NOW);
    expect((await getCard(owner, value)).client.id).toBe(client.id);
    await eraseClient(owner, { clientId: client.id });
    await expect(getCard(owner, value)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMyGoogleWalletUrl(ctx, { origin: "https://roster.example" }, env)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("W1: members only; without Google Wallet's settings there is no link", async () => {
    const { s, ctx } = await member();
    const env = walletTestCredentials().env;
    await expect(getMyGoogleWalletUrl(ctx, { origin: "https://x.example" }, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      getMyGoogleWalletUrl(await s.instructor(NOW), { origin: "https://x.example" }, env),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
