import { redirect } from "next/navigation";
import {
  Banknote,
  Building2,
  ChartColumn,
  FileDown,
  FileStack,
  FileText,
  Gauge,
  Inbox,
  Landmark,
  ReceiptText,
  ScrollText,
  Send,
  Timer,
  UserCog,
  Wallet,
  Webhook,
} from "lucide-react";
import { AppShell, type NavEntry } from "@/components/layout/app-shell";
import { UserMenu } from "@/components/layout/user-menu";
import { signOutAction } from "@/components/portal/sign-out";
import { humanize } from "@/components/portal/format";
import { isStaffRole } from "@/server/auth/roles";
import { getSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { openWorkCount, shellIdentity } from "@/server/services/queries/shell";
import { TRPCReactProvider } from "@/server/trpc/react";

/** The back-office frame: agency staff only; creditor users go to their portal. */
export default async function BackofficeLayout({ children }: { children: React.ReactNode }) {
  const user = await getSession();
  if (!user) redirect("/sign-in");
  if (!isStaffRole(user.role)) redirect("/overview");
  const db = await getDb();
  const [me, openWork] = await Promise.all([shellIdentity(db, user.id), openWorkCount(db)]);
  const nav: NavEntry[] = [
    { href: "/backoffice/overview", label: "Overview", icon: <Gauge /> },
    {
      href: "/backoffice/work-items",
      label: "Work queue",
      icon: <Inbox />,
      badge: openWork.open ? (
        <span
          className={openWork.overdue ? "font-semibold text-destructive" : undefined}
          title={openWork.overdue ? `${openWork.overdue} overdue` : undefined}
        >
          {openWork.open.toLocaleString("en-US")}
          {openWork.overdue ? <span className="sr-only"> open, {openWork.overdue} overdue</span> : null}
        </span>
      ) : undefined,
    },
    { href: "/backoffice/scorecard", label: "Scorecard", icon: <ChartColumn /> },
    { href: "/backoffice/creditors", label: "Creditors", icon: <Building2 /> },
    {
      section: "Money",
      items: [
        { href: "/backoffice/placements", label: "Placements", icon: <FileStack /> },
        { href: "/backoffice/payments", label: "Payments", icon: <Banknote /> },
        { href: "/backoffice/remittances", label: "Remittances", icon: <ReceiptText /> },
        { href: "/backoffice/exports", label: "Exports", icon: <FileDown /> },
        ...(user.role === "finance" || user.role === "admin"
          ? [{ href: "/backoffice/statements", label: "Statements", icon: <FileText /> }]
          : []),
        { href: "/backoffice/payables", label: "Payables", icon: <Wallet /> },
        { href: "/backoffice/disbursements", label: "Disbursements", icon: <Send /> },
        { href: "/backoffice/bank", label: "Bank statements", icon: <Landmark /> },
      ],
    },
    {
      section: "Controls",
      items: [
        { href: "/backoffice/audit", label: "Audit log", icon: <ScrollText /> },
        { href: "/backoffice/stripe-events", label: "Stripe events", icon: <Webhook /> },
        { href: "/backoffice/jobs", label: "Jobs", icon: <Timer /> },
        ...(user.role === "admin" ? [{ href: "/backoffice/people", label: "People", icon: <UserCog /> }] : []),
      ],
    },
  ];
  return (
    <TRPCReactProvider>
      <AppShell
        brand={{ name: "Clearbook", area: "Back-office", href: "/backoffice/work-items" }}
        nav={nav}
        contained={false}
        userMenu={
          <UserMenu
            name={me?.name ?? "Signed in"}
            email={me?.email}
            detail={humanize(user.role)}
            signOutAction={signOutAction}
          />
        }
      >
        <div className="mx-auto w-full max-w-[96rem]">{children}</div>
      </AppShell>
    </TRPCReactProvider>
  );
}
