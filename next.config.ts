import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security/csp";

const dev = process.env.NODE_ENV !== "production";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and the postgres drivers open sockets: load them from node_modules, unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pg", "graphile-worker"],
  poweredByHeader: false,
  /**
   * Every other response gets its security headers from proxy.ts (which also
   * sets the embed's per-studio frame-ancestors, E3); the built assets, which
   * the proxy skips, get the locked-down set here.
   */
  async headers() {
    const headers = securityHeaders({ dev, frameAncestors: null });
    return [
      { source: "/_next/static/:path*", headers },
      { source: "/_next/image", headers },
    ];
  },
};

export default nextConfig;
