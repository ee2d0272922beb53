import { redirect } from "next/navigation";
import {
  FileDown,
  FileStack,
  FileText,
  KeyRound,
  LayoutDashboard,
  Plug,
  ReceiptText,
  Send,
  Settings,
  Upload,
  Users,
  Webhook,
} from "lucide-react";
import { AppShell, type NavEntry } from "@/components/layout/app-shell";
import { UserMenu } from "@/components/layout/user-menu";
import { signOutAction } from "@/components/portal/sign-out";
import { isCreditorRole } from "@/server/auth/roles";
import { getSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { shellIdentity } from "@/server/services/queries/shell";
import { TRPCReactProvider } from "@/server/trpc/react";

/** The creditor portal's frame: only a creditor's own people get in; agency staff go to the back-office. */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await getSession();
  if (!user) redirect("/sign-in");
  if (!isCreditorRole(user.role)) redirect("/backoffice");
  const me = await shellIdentity(await getDb(), user.id);
  const isAdmin = user.role === "creditor_admin";
  const nav: NavEntry[] = [
    { href: "/overview", label: "Overview", icon: <LayoutDashboard /> },
    { href: "/placements", label: "Placements", icon: <FileStack /> },
    { href: "/placements/import", label: "Place invoices", icon: <Upload /> },
    { href: "/remittances", label: "Remittances", icon: <ReceiptText /> },
    { href: "/exports", label: "Exports", icon: <FileDown /> },
    { href: "/statements", label: "Statements", icon: <FileText /> },
    { href: "/payouts", label: "Payouts", icon: <Send /> },
    {
      section: "Settings",
      items: [
        ...(isAdmin
          ? [
              { href: "/settings/users", label: "Users & invitations", icon: <Users /> },
              { href: "/settings/api-keys", label: "API keys", icon: <KeyRound /> },
              { href: "/settings/webhooks", label: "Webhooks", icon: <Webhook /> },
            ]
          : []),
        { href: "/settings/integrations/quickbooks", label: "QuickBooks", icon: <Plug /> },
        { href: "/settings", label: "All settings", icon: <Settings />, exact: true },
      ],
    },
  ];
  return (
    <TRPCReactProvider>
      <AppShell
        brand={{ name: "Clearbook", area: me?.creditorName ?? "Creditor portal", href: "/overview" }}
        nav={nav}
        userMenu={
          <UserMenu
            name={me?.name ?? "Signed in"}
            email={me?.email}
            detail={isAdmin ? "Administrator" : "Member"}
            signOutAction={signOutAction}
          />
        }
        sidebarFooter={
          <p className="px-1 text-xs text-muted-foreground">Figures are per currency and never converted.</p>
        }
      >
        {children}
      </AppShell>
    </TRPCReactProvider>
  );
}
