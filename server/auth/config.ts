import NextAuth, { CredentialsSignin } from "next-auth";
import { cookies } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { endSession } from "@/server/services/identity/sessions";
import { authBaseConfig } from "./base-config";
import { clientAddress } from "./client-ip";
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_S,
  deviceCookieOf,
  issueDeviceToken,
  verifyDeviceToken,
} from "./device-cookie";
import { authenticate } from "./sign-in";
import { normalizeEmail } from "@/server/services/identity/users";

// The secret that signs sessions also signs device cookies (base-config refuses to run without one in production).
const deviceSecret = () => authBaseConfig.secret ?? "";

/** Remember this browser for the account (device-cookie.ts); a request that cannot set cookies just skips it. */
async function rememberDevice(email: string) {
  try {
    (await cookies()).set(DEVICE_COOKIE, issueDeviceToken(deviceSecret(), email), {
      httpOnly: true,
      sameSite: "lax",
      secure: env().NODE_ENV === "production" && (env().APP_URL ?? "").startsWith("https:"),
      path: "/",
      maxAge: DEVICE_COOKIE_MAX_AGE_S,
    });
  } catch {
    // Not in a request that can set cookies (a test calling authorize): the next sign-in sets it.
  }
}

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
        const device = verifyDeviceToken(
          deviceSecret(),
          deviceCookieOf(request?.headers?.get("cookie")),
          normalizeEmail(email),
        );
        const result = await authenticate(await getDb(), {
          email,
          password,
          ip: clientAddress(request?.headers, env().TRUSTED_PROXY_HOPS),
          device,
        });
        if (!result.ok) {
          if (result.reason === "throttled") throw new ThrottledSignIn();
          return null;
        }
        const { user } = result;
        if (!device) await rememberDevice(user.email);
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
