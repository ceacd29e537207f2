import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getDb } from "@/db";
import { RateLimitedError } from "@/lib/core/errors";
import { clientIp } from "./client-ip";
import { DEVICE_COOKIE, DEVICE_COOKIE_SECONDS, deviceCookieFrom, deviceIdFor, newDeviceCookie } from "./device-cookie";
import { resolveAuthSecret } from "./secret";
import { endSession, SESSION_SECONDS, startSession } from "./sessions";
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
 * names the user and a server-side session id (A3, ./sessions.ts): the
 * context builders in ./context.ts check that row on every request, so
 * sign-out, "sign out everywhere" and a password change end it at once.
 * Which studio the user may act for is decided per request there too.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: resolveAuthSecret(),
  session: { strategy: "jwt", maxAge: SESSION_SECONDS },
  useSecureCookies: process.env.NODE_ENV === "production",
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        try {
          const device = deviceCookieFrom(request.headers);
          const user = await verifyCredentials(await getDb(), {
            email,
            password,
            ip: clientIp(request.headers),
            device,
          });
          if (!user) throw new InvalidCredentials();
          // A4: this browser is now a known device of the account (its failures stop counting with strangers').
          if (!deviceIdFor(device, user.email)) {
            try {
              (await cookies()).set(DEVICE_COOKIE, newDeviceCookie(user.email), {
                httpOnly: true,
                sameSite: "lax",
                secure: process.env.NODE_ENV === "production",
                path: "/",
                maxAge: DEVICE_COOKIE_SECONDS,
              });
            } catch {
              // Not inside a server action or route (nothing to set a cookie on): the sign-in stands.
            }
          }
          return user;
        } catch (e) {
          if (e instanceof RateLimitedError) throw new TooManyAttempts();
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await startSession(await getDb(), user.id, new Date());
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      (session as { sid?: unknown }).sid = token.sid;
      return session;
    },
  },
  events: {
    // A3: sign-out ends the session on the server, whichever door signed out.
    async signOut(message) {
      if ("token" in message && message.token) await endSession(await getDb(), message.token.sid as string | undefined);
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
