import { headers } from "next/headers";
import { clientIp } from "@/lib/auth";
import type { SignatureOrigin } from "@/lib/forms";

/** F1: the address and user agent a signature keeps, read from the request. */
export async function signatureOrigin(): Promise<SignatureOrigin> {
  const h = await headers();
  const ip = clientIp(h);
  return { ipAddress: ip === "local" ? null : ip, userAgent: h.get("user-agent") };
}
