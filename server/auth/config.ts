import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { endSession } from "@/server/services/identity/sessions";
import { authBaseConfig } from "./base-config";
import { clientAddress } from "./client-ip";
import { authenticate } from "./sign-in";

/** Shown on the sign-in page: too many failures for this account, or from this address. */
export class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authBaseConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        const result = await authenticate(await getDb(), {
          email,
          password,
          ip: clientAddress(request?.headers, env().TRUSTED_PROXY_HOPS),
        });
        if (!result.ok) {
          if (result.reason === "throttled") throw new ThrottledSignIn();
          return null;
        }
        const { user } = result;
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          creditorId: user.creditorId,
          sessionId: user.sessionId,
        };
      },
    }),
  ],
  events: {
    // The cookie is cleared by Auth.js; this ends the session server-side too (and audits it).
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.userId || !token.sessionId) return;
      await endSession(await getDb(), {
        userId: token.userId,
        sessionId: token.sessionId,
        creditorId: token.creditorId ?? null,
      });
    },
  },
});
