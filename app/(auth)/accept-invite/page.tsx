import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/server/db";
import { describeInvitation } from "@/server/services/identity/invitations";
import { AcceptInviteForm } from "./accept-form";

export const metadata: Metadata = { title: "Set your password" };

const ROLE_NAMES: Record<string, string> = {
  creditor_admin: "administrator",
  creditor_member: "member",
  operator: "operator",
  finance: "finance",
  admin: "agency administrator",
};

const DEAD_ENDS = {
  unknown: {
    title: "This link does not work",
    text: "Check that you opened the whole link from your invitation, or ask your administrator to invite you again.",
  },
  used: { title: "This link was already used", text: "Your password is set: sign in with it." },
  revoked: {
    title: "This invitation was withdrawn",
    text: "Your administrator revoked it, or sent you a newer invitation that replaces it. Use the newest link you received, or ask to be invited again.",
  },
  expired: {
    title: "This invitation has expired",
    text: "Invitations last 72 hours. Ask your administrator to invite you again.",
  },
} as const;

/** The one-time invitation link: shows whom it is for and lets them set a password. */
export default async function AcceptInvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = "" } = await searchParams;
  const invitation = token ? await describeInvitation(await getDb(), token) : ({ state: "unknown" } as const);
  if (invitation.state !== "valid") {
    const dead = DEAD_ENDS[invitation.state];
    return (
      <Card>
        <CardHeader>
          <CardTitle>{dead.title}</CardTitle>
          <CardDescription>{dead.text}</CardDescription>
        </CardHeader>
        <CardContent>
          <Link href="/sign-in" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            Go to sign in
          </Link>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>Welcome, {invitation.name}</CardTitle>
        <CardDescription>
          Set a password for {invitation.email}
          {invitation.creditorName
            ? `, ${ROLE_NAMES[invitation.role]} of ${invitation.creditorName}`
            : `, ${ROLE_NAMES[invitation.role]}`}
          .
        </CardDescription>
      </CardHeader>
      <CardContent>
        <AcceptInviteForm token={token} email={invitation.email} />
      </CardContent>
    </Card>
  );
}
