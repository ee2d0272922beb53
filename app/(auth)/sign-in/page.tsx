import type { Metadata } from "next";
import { CircleCheck } from "lucide-react";
import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getSession } from "@/server/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ callbackUrl?: string; accepted?: string; email?: string }>;

/** Password sign-in for creditors' people and agency staff. */
export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const { callbackUrl, accepted, email } = await searchParams;
  if (await getSession()) redirect("/");
  // Auth.js hands over an absolute URL; only its path is ever used.
  const path = callbackUrl
    ? (() => {
        try {
          const u = new URL(callbackUrl, "http://local");
          return `${u.pathname}${u.search}`;
        } catch {
          return "/";
        }
      })()
    : "/";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>Use the email your invitation was sent to.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {accepted ? (
          <Alert variant="success">
            <CircleCheck />
            <AlertDescription>Your password is set. Sign in with it now.</AlertDescription>
          </Alert>
        ) : null}
        <SignInForm callbackUrl={path} email={email} />
      </CardContent>
    </Card>
  );
}
