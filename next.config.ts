import type { NextConfig } from "next";
import { commonSecurityHeaders, contentSecurityPolicy } from "./lib/security/csp";

const dev = process.env.NODE_ENV !== "production";

/**
 * Every page but the embedded signup flow: unframeable, isolated from openers.
 * The embed routes (`/embed/...`, E3) get their headers from proxy.ts, with
 * frame-ancestors listing exactly the studio's allowed origins.
 */
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy({ dev, frameAncestors: [] }) },
  { key: "X-Frame-Options", value: "DENY" },
  ...commonSecurityHeaders,
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and the postgres driver opens sockets: load both from node_modules, unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/((?!embed/).*)", headers: securityHeaders }];
  },
};

export default nextConfig;
