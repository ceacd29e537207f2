import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { RateLimitedError } from "@/lib/core/errors";
import { clientIp } from "./client-ip";
import { resolveAuthSecret } from "./secret";
import { verifyCredentials } from "./verify-credentials";

/** Failed sign-in. One code for unknown email and wrong password alike. */
class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

/** Per-IP rate limits key on this; it trusts X-Forwarded-For only behind TRUST_PROXY (see ./client-ip). */
export { clientIp };

/**
 * Auth.js (next-auth v5): email + password, sessions as signed JWT cookies
 * (HttpOnly always; Secure and __Secure- prefixed in production). The session
 * names only the user; which studio they may act for is decided per request
 * by the context builders in ./context.ts.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: resolveAuthSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  useSecureCookies: process.env.NODE_ENV === "production",
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        try {
          const user = await verifyCredentials(await getDb(), { email, password, ip: clientIp(request.headers) });
          if (!user) throw new InvalidCredentials();
          return user;
        } catch (e) {
          if (e instanceof RateLimitedError) throw new TooManyAttempts();
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  logger: {
    // A wrong password is not a server error; keep logs for real failures.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error("[auth]", error);
    },
  },
});
