import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { makeStudio } from "@/test/support/fixtures";

// Issue 14 "Headers": the proxy sets the security headers on every path it sees, whatever the case;
// only the embed's own routes (/embed/…, so spelled) get their studio's frame-ancestors (E3).
// e2e/trust-headers.spec.ts checks the same on the running production build.

async function headersOf(path: string): Promise<Headers> {
  return (await proxy(new NextRequest(`http://localhost${path}`))).headers;
}

describe("security headers on every path (issue 14)", () => {
  it("case variants of the embed and any other path are locked down: CSP frame-ancestors 'none', X-Frame-Options DENY, nosniff", async () => {
    const { studio } = await makeStudio();
    for (const path of [
      `/Embed/${studio.slug}`,
      `/EMBED/${studio.slug}/plans`,
      "/Dashboard",
      "/no-such-page",
      "/api/v1/studio",
      "/",
      "/embed.js",
    ]) {
      const h = await headersOf(path);
      expect(h.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(h.get("x-frame-options"), path).toBe("DENY");
      expect(h.get("x-content-type-options"), path).toBe("nosniff");
      expect(h.get("cross-origin-opener-policy"), path).toBe("same-origin");
    }
    const embed = await headersOf(`/embed/${studio.slug}`);
    expect(embed.get("content-security-policy")).toContain("frame-ancestors");
    expect(embed.get("x-frame-options")).toBeNull();
    expect(embed.get("x-content-type-options")).toBe("nosniff");
    expect(embed.get("cache-control")).toBe("private, no-store");
  });
});
