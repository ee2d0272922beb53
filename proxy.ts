import NextAuth, { type NextAuthRequest } from "next-auth";
import { NextResponse } from "next/server";
import { isV1Path, v1Gate } from "@/server/api/methods";
import { authBaseConfig } from "@/server/auth/base-config";
import { isCreditorRole } from "@/server/auth/roles";
import { env } from "@/server/env";
import { newNonce, pageContentSecurityPolicy } from "@/server/lib/security-headers";

// The provider-less config: the proxy only reads the session cookie (and slides its expiry).
const { auth } = NextAuth(authBaseConfig);

const SIGNED_OUT_PAGES = ["/sign-in", "/accept-invite"];

/**
 * Where a page request goes: without a session, to sign-in (coming back afterwards); creditor users
 * never see the back-office. Pages and procedures check again on the server; this is the first gate,
 * and the place where an active session's cookie is renewed (the inactivity timeout slides).
 */
function route(req: NextAuthRequest, next: () => NextResponse) {
  const { pathname, search } = req.nextUrl;
  if (pathname.startsWith("/api/") || SIGNED_OUT_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`)))
    return next();
  const user = req.auth?.user;
  if (!user?.id) {
    const signIn = new URL("/sign-in", req.nextUrl);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  if (pathname.startsWith("/backoffice") && isCreditorRole(user.role))
    return NextResponse.redirect(new URL("/", req.nextUrl));
  return next();
}

/**
 * Every page answer carries a Content-Security-Policy with a nonce of its own: the request carries it
 * too, so Next puts it on its scripts and the root layout on the theme script (README "Security").
 */
const pages = auth((req) => {
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce, { dev: env().NODE_ENV === "development" });
  const res = route(req, () => {
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    headers.set("x-nonce", nonce);
    return NextResponse.next({ request: { headers } });
  });
  if (!req.nextUrl.pathname.startsWith("/api/")) res.headers.set("Content-Security-Policy", csp);
  return res;
});

/**
 * /v1 authenticates itself (bearer keys): the proxy only answers what no route would, as JSON (a
 * method the route does not serve → 405 with `Allow`; a path no route serves → 404). Every other
 * path gets the session gate above.
 */
export default function proxy(...args: Parameters<typeof pages>) {
  const [req] = args;
  if (isV1Path(req.nextUrl.pathname)) return v1Gate(req.method, req.nextUrl.pathname) ?? NextResponse.next();
  return pages(...args);
}

export const config = {
  // Webhooks and Inngest authenticate themselves (signatures): keep the proxy off their routes. /v1
  // passes through it only for the method gate.
  matcher: [
    "/((?!api/auth|api/webhooks|api/inngest|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt)$).*)",
  ],
};
