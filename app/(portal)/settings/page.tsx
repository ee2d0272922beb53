import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, KeyRound, Plug, Users, Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Settings" };

type Entry = {
  href?: string;
  title: string;
  description: string;
  icon: React.ReactNode;
  adminOnly?: boolean;
  note?: string;
};

const ENTRIES: Entry[] = [
  {
    href: "/settings/users",
    title: "Users & invitations",
    description: "Invite colleagues, change roles.",
    icon: <Users />,
    adminOnly: true,
  },
  {
    href: "/settings/api-keys",
    title: "API keys",
    description: "Keys for your ERP to place invoices and read remittances through the /v1 API.",
    icon: <KeyRound />,
    adminOnly: true,
  },
  {
    href: "/settings/webhooks",
    title: "Webhooks",
    description: "Signed events to your systems: remittances, reversals, paid placements, statements, exports.",
    icon: <Webhook />,
    adminOnly: true,
  },
  {
    href: "/settings/integrations/quickbooks",
    title: "Integrations → QuickBooks Online",
    description: "Connect QuickBooks so each cleared payment is posted against its invoice, and read the sync log.",
    icon: <Plug />,
  },
];

export default async function SettingsPage() {
  const user = await getSession();
  const isAdmin = user?.role === "creditor_admin";
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Settings"
        description={
          isAdmin
            ? "Your organisation's people, keys and integrations."
            : "Ask an administrator of your organisation to change these."
        }
      />
      <ul className="grid gap-3 md:grid-cols-2">
        {ENTRIES.map((e) => {
          const enabled = Boolean(e.href) && (!e.adminOnly || isAdmin);
          const body = (
            <>
              <span
                className="flex size-9 shrink-0 items-center justify-center rounded-md border bg-muted/60 text-muted-foreground [&_svg]:size-4"
                aria-hidden
              >
                {e.icon}
              </span>
              <span className="grid flex-1 gap-0.5">
                <span className="flex items-center gap-2 text-sm font-medium">
                  {e.title}
                  {e.note ? <Badge variant="muted">{e.note}</Badge> : null}
                  {e.adminOnly && !isAdmin ? <Badge variant="muted">Administrators</Badge> : null}
                </span>
                <span className="text-[13px] text-muted-foreground">{e.description}</span>
              </span>
              {enabled ? <ArrowRight className="size-4 text-muted-foreground" aria-hidden /> : null}
            </>
          );
          return (
            <li key={e.title}>
              {enabled ? (
                <Link
                  href={e.href!}
                  className="flex items-start gap-3 rounded-lg border bg-card p-4 shadow-xs outline-none transition-colors hover:border-ring/50 focus-visible:ring-[3px] focus-visible:ring-ring/40"
                >
                  {body}
                </Link>
              ) : (
                <div className="flex items-start gap-3 rounded-lg border border-dashed p-4 opacity-80">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
