import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { recordAudit } from "@/server/services/audit";
import { authenticate } from "./sign-in";

/** Signed-in sessions end after this long without a request (the JWT is re-issued on each one). */
export const IDLE_TIMEOUT_SECONDS = 30 * 60;
/** However active, a session ends this long after its sign-in. */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60_000;

/** Shown on the sign-in page: too many failures from this address for this account. */
export class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

// Only for local development: production refuses to start without AUTH_SECRET (Auth.js MissingSecret).
const DEV_ONLY_SECRET = "clearbook-development-only-secret-do-not-deploy";

function clientIp(request: Request | undefined): string {
  const forwarded = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request?.headers.get("x-real-ip") || "unknown";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env().AUTH_SECRET ?? (env().NODE_ENV === "production" ? undefined : DEV_ONLY_SECRET),
  trustHost: env().AUTH_TRUST_HOST,
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        const result = await authenticate(await getDb(), { email, password, ip: clientIp(request) });
        if (!result.ok) {
          if (result.reason === "throttled") throw new ThrottledSignIn();
          return null;
        }
        const { user } = result;
        return { id: user.id, email: user.email, name: user.name, role: user.role, creditorId: user.creditorId, sessionId: user.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        // A sign-in: every claim is fresh, including the session id.
        return { ...token, userId: user.id, role: user.role, creditorId: user.creditorId, sessionId: user.sessionId, signedInAt: Date.now() };
      }
      if (!token.signedInAt || Date.now() - token.signedInAt > ABSOLUTE_LIFETIME_MS) return null;
      return token;
    },
    session({ session, token }) {
      if (token.userId && token.role && token.sessionId) {
        session.user = { ...session.user, id: token.userId, role: token.role, creditorId: token.creditorId ?? null, sessionId: token.sessionId };
      }
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.userId) return;
      await recordAudit(await getDb(), {
        actor: { type: "user", id: token.userId },
        action: "auth.signed_out",
        category: "auth",
        creditorId: token.creditorId ?? null,
        targetType: "user",
        targetId: token.userId,
        details: { sessionId: token.sessionId },
      });
    },
  },
});
