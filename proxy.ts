import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authBaseConfig } from "@/server/auth/base-config";
import { isCreditorRole } from "@/server/auth/roles";

// The provider-less config: the proxy only reads the session cookie (and slides its expiry).
const { auth } = NextAuth(authBaseConfig);

const SIGNED_OUT_PAGES = ["/sign-in", "/accept-invite"];

/**
 * Pages need a session: without one, to sign-in (coming back afterwards). Creditor users never see
 * the back-office. Pages and procedures check again on the server; this is the first gate, and the
 * place where an active session's cookie is renewed (the inactivity timeout slides).
 */
export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (pathname.startsWith("/api/") || SIGNED_OUT_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`)))
    return NextResponse.next();
  const user = req.auth?.user;
  if (!user?.id) {
    const signIn = new URL("/sign-in", req.nextUrl);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  if (pathname.startsWith("/backoffice") && isCreditorRole(user.role))
    return NextResponse.redirect(new URL("/", req.nextUrl));
  return NextResponse.next();
});

export const config = {
  // Machines authenticate themselves (bearer keys, webhook signatures): keep the proxy off their routes.
  matcher: [
    "/((?!api/auth|api/webhooks|api/inngest|api/v1|v1/|v1$|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt)$).*)",
  ],
};
