import type { NextAuthConfig } from "next-auth";
import { env } from "@/server/env";
import { safeRedirect } from "./destination";

/** Signed-in sessions end after this long without a request (the JWT is re-issued on each one). */
export const IDLE_TIMEOUT_SECONDS = 30 * 60;
/** However active, a session ends this long after its sign-in. */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60_000;

// Only for local development: production refuses to start without AUTH_SECRET (Auth.js MissingSecret).
const DEV_ONLY_SECRET = "clearbook-development-only-secret-do-not-deploy";

/**
 * The session rules without providers or database: shared by the sign-in handler (config.ts) and
 * proxy.ts, which reads and slides the session cookie on every page request.
 */
export const authBaseConfig = {
  secret: env().AUTH_SECRET ?? (env().NODE_ENV === "production" ? undefined : DEV_ONLY_SECRET),
  trustHost: env().AUTH_TRUST_HOST,
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [],
  logger: {
    // A wrong password is an audited outcome, not a server error: keep it out of the error log.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    // Same-origin only, and never a control character into a Location header (a 500 otherwise).
    redirect({ url, baseUrl }) {
      return safeRedirect(url, baseUrl);
    },
    jwt({ token, user }) {
      if (user) {
        // A sign-in: every claim is fresh, including the session id.
        return {
          ...token,
          userId: user.id,
          role: user.role,
          creditorId: user.creditorId,
          sessionId: user.sessionId,
          signedInAt: Date.now(),
        };
      }
      if (!token.signedInAt || Date.now() - token.signedInAt > ABSOLUTE_LIFETIME_MS) return null;
      return token;
    },
    session({ session, token }) {
      if (token.userId && token.role && token.sessionId) {
        session.user = {
          ...session.user,
          id: token.userId,
          role: token.role,
          creditorId: token.creditorId ?? null,
          sessionId: token.sessionId,
        };
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
