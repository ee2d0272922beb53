"use client";

import * as React from "react";
import {
  AlertTriangle,
  ArrowRight,
  Banknote,
  Bell,
  CircleCheck,
  Copy,
  FileText,
  Inbox,
  Info,
  Landmark,
  LayoutDashboard,
  MoreHorizontal,
  Plus,
  Receipt,
  Scale,
  Settings,
  Trash2,
  Users,
  Wallet,
} from "lucide-react";

import { AppShell, type AppShellBrand, type NavEntry } from "@/components/layout/app-shell";
import { UserMenu } from "@/components/layout/user-menu";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { useTheme } from "@/components/theme/theme-provider";
import { AreaChartCard } from "@/components/charts/area-chart-card";
import { BarChartCard } from "@/components/charts/bar-chart-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Card,
  CardAction,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { KeysetPagination } from "@/components/ui/pagination";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Progress } from "@/components/ui/progress";
import {
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectLabel,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetFooter,
  SheetHeader,
  SheetTitle,
  SheetTrigger,
} from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { StatCard } from "@/components/ui/stat-card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";

import {
  ageingBuckets,
  collectionsByCreditor,
  collectionsByWeek,
  formatCents,
  formatDollars,
  formatDollarsShort,
  formatWeek,
} from "./demo-data";
import { PaymentsTableDemo } from "./payments-table-demo";

type Area = "portal" | "backoffice";

const brands: Record<Area, AppShellBrand> = {
  portal: { name: "Clearbook", area: "Creditor portal", href: "/ui-kit" },
  backoffice: { name: "Clearbook", area: "Back-office", href: "/ui-kit" },
};

// In-page anchors never become "active"; only /ui-kit itself is.
const navs: Record<Area, NavEntry[]> = {
  portal: [
    { href: "/ui-kit", label: "UI kit", icon: <LayoutDashboard /> },
    { href: "/ui-kit#stats", label: "Overview", icon: <Wallet /> },
    { href: "/ui-kit#table", label: "Placements", icon: <FileText /> },
    { href: "/ui-kit#charts", label: "Remittances", icon: <Banknote /> },
    { href: "/ui-kit#forms", label: "Settings", icon: <Settings /> },
  ],
  backoffice: [
    { href: "/ui-kit", label: "UI kit", icon: <LayoutDashboard /> },
    {
      section: "Money",
      items: [
        { href: "/ui-kit#table", label: "Payments", icon: <Receipt />, badge: 12 },
        { href: "/ui-kit#charts", label: "Remittances", icon: <Banknote /> },
        { href: "/ui-kit#plain-table", label: "Ledger", icon: <Scale /> },
        { href: "/ui-kit#alerts", label: "Reconciliation", icon: <Landmark />, badge: 3 },
      ],
    },
    {
      section: "Accounts",
      items: [
        { href: "/ui-kit#stats", label: "Creditors", icon: <Users /> },
        { href: "/ui-kit#forms", label: "Settings", icon: <Settings /> },
      ],
    },
  ],
};

export function UiKitDemo() {
  const [area, setArea] = React.useState<Area>("backoffice");
  return (
    <AppShell
      brand={brands[area]}
      nav={navs[area]}
      title={
        <span className="flex items-center gap-2">
          UI kit
          <Badge variant="warning">Developer page</Badge>
        </span>
      }
      actions={
        <Select value={area} onValueChange={(v) => setArea(v as Area)}>
          <SelectTrigger size="sm" className="hidden w-40 sm:flex" aria-label="Preview shell as">
            <SelectValue />
          </SelectTrigger>
          <SelectContent align="end">
            <SelectItem value="portal">Creditor portal</SelectItem>
            <SelectItem value="backoffice">Back-office</SelectItem>
          </SelectContent>
        </Select>
      }
      userMenu={
        <UserMenu
          name="Dana Whitfield"
          email="dana@clearbook.example"
          detail={area === "portal" ? "Acme Lending · Viewer" : "Finance operator"}
          onSignOut={() => toast("Sign-out is disabled on the developer page")}
        >
          <DropdownMenuItem>
            <Settings aria-hidden />
            Preferences
          </DropdownMenuItem>
        </UserMenu>
      }
      sidebarFooter={
        <div className="flex items-center justify-between gap-2 px-1 text-xs text-muted-foreground">
          <span>Demo data only</span>
          <Badge variant="outline">dev</Badge>
        </div>
      }
    >
      <div className="grid gap-10">
        <PageHeader
          eyebrow={
            <span className="flex items-center gap-2">
              <Badge variant="warning" dot>
                Developer page
              </Badge>
              <span>Not part of the product · not linked from it</span>
            </span>
          }
          title="Developer page: Clearbook UI kit"
          description="Every design-system component on one page, for a visual check in light and dark themes. All data below is fake."
          actions={
            <>
              <ThemeToggle />
              <Button
                variant="outline"
                onClick={() => toast.success("Looks good", { description: "Toasts stack bottom-right." })}
              >
                Test a toast
              </Button>
            </>
          }
        />

        <Alert variant="warning">
          <AlertTriangle />
          <AlertTitle>Developer page</AlertTitle>
          <AlertDescription>
            This page exists to review components. It is served in development, and in production only when
            CLEARBOOK_UI_KIT=1.
          </AlertDescription>
        </Alert>

        <ThemeSection />
        <TokensSection />
        <ButtonsSection />
        <BadgesSection />

        <Section id="stats" title="Stat cards" description="label, value, hint, optional href, delta and icon">
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            <StatCard
              label="Collected this month"
              value="$248,310.42"
              hint="vs. $231,004.10 in October"
              icon={<Wallet />}
              delta={{ label: "+7.5%", direction: "up", tone: "positive" }}
            />
            <StatCard
              label="Due to creditors"
              value="$182,006.19"
              hint="Next remittance run Dec 1"
              icon={<Banknote />}
              href="/ui-kit#charts"
            />
            <StatCard
              label="Returned payments"
              value="14"
              hint="last 30 days"
              icon={<Receipt />}
              delta={{ label: "+3", direction: "up", tone: "negative" }}
            />
            <StatCard label="Unreconciled" value="3" hint="QuickBooks sync 12 min ago" icon={<Landmark />} />
          </div>
        </Section>

        <Section
          id="charts"
          title="Charts"
          description="AreaChartCard and BarChartCard; values arrive as display numbers with a formatter"
        >
          <div className="grid gap-4 lg:grid-cols-2">
            <AreaChartCard
              title="Collections vs. remittances"
              description="Weekly, last 11 weeks"
              headline={formatDollars(66010)}
              data={collectionsByWeek}
              xKey="week"
              series={[
                { key: "collected", label: "Collected" },
                { key: "remitted", label: "Remitted" },
              ]}
              valueFormatter={formatDollars}
              axisFormatter={formatDollarsShort}
              xFormatter={formatWeek}
            />
            <BarChartCard
              title="Balances by age"
              description="Open placements, days since placement"
              data={ageingBuckets}
              xKey="bucket"
              series={[{ key: "balance", label: "Balance" }]}
              valueFormatter={formatDollars}
              axisFormatter={formatDollarsShort}
              categoryColors={[
                "var(--chart-2)",
                "var(--chart-1)",
                "var(--chart-3)",
                "var(--chart-4)",
                "var(--destructive)",
              ]}
            />
            <BarChartCard
              title="Fees by creditor"
              description="Stacked, horizontal"
              data={collectionsByCreditor}
              xKey="creditor"
              series={[
                { key: "contingency", label: "Contingency fee" },
                { key: "flatFee", label: "Flat fee" },
              ]}
              valueFormatter={formatDollars}
              axisFormatter={formatDollarsShort}
              stacked
              horizontal
              height={220}
            />
            <div className="grid gap-4">
              <AreaChartCard
                title="Loading state"
                data={collectionsByWeek}
                xKey="week"
                series={[{ key: "collected", label: "Collected" }]}
                valueFormatter={formatDollars}
                height={80}
                loading
              />
              <BarChartCard
                title="Empty state"
                data={[] as { bucket: string; balance: number }[]}
                xKey="bucket"
                series={[{ key: "balance", label: "Balance" }]}
                valueFormatter={formatDollars}
                height={80}
                emptyMessage="No balances in this range."
              />
            </div>
          </div>
        </Section>

        <Section
          id="table"
          title="Data table"
          description="Server-driven: sorting, search, status filter and keyset pagination are answered by a fake server on this page. Click a row."
        >
          <PaymentsTableDemo />
        </Section>

        <PlainTableSection />
        <FormsSection />
        <OverlaysSection />
        <TabsSection />
        <AlertsSection />
        <FeedbackSection />
        <StatesSection />
      </div>
    </AppShell>
  );
}

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: React.ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="grid scroll-mt-20 gap-4">
      <div className="grid gap-0.5">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {description ? <p className="text-[13px] text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

function ThemeSection() {
  const { preference, resolvedTheme, setTheme } = useTheme();
  return (
    <Section id="theme" title="Theme" description="Stored in localStorage; the dark class is set before first paint">
      <div className="flex flex-wrap items-center gap-2">
        {(["light", "dark", "system"] as const).map((t) => (
          <Button
            key={t}
            size="sm"
            variant={preference === t ? "default" : "outline"}
            onClick={() => setTheme(t)}
            aria-pressed={preference === t}
          >
            {t[0]?.toUpperCase() + t.slice(1)}
          </Button>
        ))}
        <span className="text-[13px] text-muted-foreground">
          Preference: <span className="font-medium text-foreground">{preference}</span> · showing{" "}
          <span className="font-medium text-foreground">{resolvedTheme}</span>
        </span>
      </div>
    </Section>
  );
}

const swatches = [
  ["background", "bg-background"],
  ["card", "bg-card"],
  ["muted", "bg-muted"],
  ["accent", "bg-accent"],
  ["secondary", "bg-secondary"],
  ["primary", "bg-primary"],
  ["destructive", "bg-destructive"],
  ["success", "bg-success"],
  ["warning", "bg-warning"],
  ["info", "bg-info"],
  ["border", "bg-border"],
  ["input", "bg-input"],
  ["ring", "bg-ring"],
  ["chart-1", "bg-chart-1"],
  ["chart-2", "bg-chart-2"],
  ["chart-3", "bg-chart-3"],
  ["chart-4", "bg-chart-4"],
  ["chart-5", "bg-chart-5"],
] as const;

function TokensSection() {
  return (
    <Section id="tokens" title="Colour tokens and numbers">
      <div className="grid grid-cols-3 gap-2 sm:grid-cols-6 lg:grid-cols-9">
        {swatches.map(([name, cls]) => (
          <div key={name} className="grid gap-1">
            <div className={`h-10 rounded-md border ${cls}`} />
            <span className="font-mono text-[11px] text-muted-foreground">{name}</span>
          </div>
        ))}
      </div>
      <Card className="py-3">
        <CardContent className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1 text-sm">
            <p className="text-xs font-medium text-muted-foreground">Proportional digits (default)</p>
            {[111111, 4820.5, 90.01].map((n) => (
              <p key={n} className="text-right">
                {formatDollars(n)}
              </p>
            ))}
          </div>
          <div className="grid gap-1 text-sm">
            <p className="text-xs font-medium text-muted-foreground">
              <code className="font-mono">money</code> utility: tabular, right-aligned
            </p>
            {[111111, 4820.5, 90.01].map((n) => (
              <p key={n} className="money">
                {formatDollars(n)}
              </p>
            ))}
          </div>
        </CardContent>
      </Card>
    </Section>
  );
}

function ButtonsSection() {
  const [busy, setBusy] = React.useState(false);
  return (
    <Section id="buttons" title="Buttons" description="variants × sizes, loading, disabled, icon, asChild link">
      <div className="grid gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button>Approve remittance</Button>
          <Button variant="secondary">Secondary</Button>
          <Button variant="outline">Outline</Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="destructive">
            <Trash2 aria-hidden />
            Void payment
          </Button>
          <Button variant="link">Link</Button>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm">Small</Button>
          <Button>Default</Button>
          <Button size="lg">Large</Button>
          <Button size="icon" variant="outline" aria-label="Add">
            <Plus />
          </Button>
          <Button size="icon-sm" variant="ghost" aria-label="More">
            <MoreHorizontal />
          </Button>
          <Button
            loading={busy}
            onClick={() => {
              setBusy(true);
              setTimeout(() => setBusy(false), 1500);
            }}
          >
            {busy ? "Posting…" : "Click to load"}
          </Button>
          <Button disabled>Disabled</Button>
          <Button asChild variant="outline">
            <a href="#table">
              asChild link
              <ArrowRight aria-hidden />
            </a>
          </Button>
        </div>
      </div>
    </Section>
  );
}

function BadgesSection() {
  return (
    <Section id="badges" title="Badges">
      <div className="flex flex-wrap items-center gap-2">
        <Badge>Default</Badge>
        <Badge variant="secondary">Secondary</Badge>
        <Badge variant="outline">Outline</Badge>
        <Badge variant="muted">Muted</Badge>
        <Badge variant="info">Info</Badge>
        <Badge variant="success">Success</Badge>
        <Badge variant="warning">Warning</Badge>
        <Badge variant="destructive">Destructive</Badge>
        <Separator orientation="vertical" className="mx-1 h-5!" />
        <Badge variant="success" dot>
          Posted
        </Badge>
        <Badge variant="muted" dot>
          Pending
        </Badge>
        <Badge variant="warning" dot>
          On hold
        </Badge>
        <Badge variant="destructive" dot>
          Returned
        </Badge>
        <Badge variant="info">
          <CircleCheck />
          Reconciled
        </Badge>
      </div>
    </Section>
  );
}

const ledgerRows = [
  { account: "1010 Trust account", debit: 4_820_050, credit: 0 },
  { account: "2010 Due to creditors", debit: 0, credit: 3_615_037 },
  { account: "4010 Contingency fee income", debit: 0, credit: 1_205_013 },
];

function PlainTableSection() {
  const totalDebit = ledgerRows.reduce((s, r) => s + r.debit, 0);
  const totalCredit = ledgerRows.reduce((s, r) => s + r.credit, 0);
  return (
    <Section
      id="plain-table"
      title="Table (plain elements)"
      description="Numeric cells with the numeric prop; a totals footer"
    >
      <Card className="py-0">
        <Table>
          <TableCaption className="pb-3">Journal entry JE-20931 · balanced</TableCaption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Account</TableHead>
              <TableHead numeric>Debit</TableHead>
              <TableHead numeric>Credit</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {ledgerRows.map((r) => (
              <TableRow key={r.account}>
                <TableCell>{r.account}</TableCell>
                <TableCell numeric>{r.debit ? formatCents(r.debit) : ""}</TableCell>
                <TableCell numeric>{r.credit ? formatCents(r.credit) : ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow className="hover:bg-transparent">
              <TableCell>Total</TableCell>
              <TableCell numeric>{formatCents(totalDebit)}</TableCell>
              <TableCell numeric>{formatCents(totalCredit)}</TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      </Card>
    </Section>
  );
}

function FormsSection() {
  const [submitted, setSubmitted] = React.useState(false);
  const [method, setMethod] = React.useState<string>("");
  const [agree, setAgree] = React.useState<boolean | "indeterminate">("indeterminate");
  return (
    <Section id="forms" title="Forms" description="FormField wires label, help text and errors to the control">
      <Card>
        <CardHeader className="border-b">
          <CardTitle>Record a manual payment</CardTitle>
          <CardDescription>Submit empty to see validation messages.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-4 sm:grid-cols-2"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setSubmitted(true);
            }}
          >
            <FormField label="Debtor reference" description="As printed on the notice, e.g. ACC-20931." required>
              <Input placeholder="ACC-…" />
            </FormField>
            <FormField
              label="Amount"
              required
              labelAside="USD"
              error={submitted ? ["Enter an amount.", "Amounts have at most 2 decimal places."] : undefined}
            >
              <Input numeric inputMode="decimal" placeholder="0.00" />
            </FormField>
            <FormField
              label="Method"
              required
              error={submitted && !method ? "Choose how the payment arrived." : undefined}
            >
              {(control) => (
                <Select value={method} onValueChange={setMethod}>
                  <SelectTrigger {...control} className="w-full">
                    <SelectValue placeholder="Select a method" />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectGroup>
                      <SelectLabel>Electronic</SelectLabel>
                      <SelectItem value="ach">ACH</SelectItem>
                      <SelectItem value="card">Card</SelectItem>
                      <SelectItem value="wire">Wire</SelectItem>
                    </SelectGroup>
                    <SelectSeparator />
                    <SelectGroup>
                      <SelectLabel>Paper</SelectLabel>
                      <SelectItem value="check">Check</SelectItem>
                      <SelectItem value="money-order" disabled>
                        Money order (not accepted)
                      </SelectItem>
                    </SelectGroup>
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Received on">
              <Input type="date" />
            </FormField>
            <FormField label="Note" className="sm:col-span-2" description="Visible to operators only.">
              <Textarea placeholder="Optional" />
            </FormField>
            <div className="flex items-start gap-2.5 sm:col-span-2">
              <Checkbox id="confirm-ui" checked={agree} onCheckedChange={setAgree} />
              <div className="grid gap-1">
                <Label htmlFor="confirm-ui">Notify the creditor</Label>
                <p className="text-xs text-muted-foreground">
                  Starts indeterminate to show that state. Click to toggle.
                </p>
              </div>
            </div>
            <div className="flex items-center gap-2">
              <Checkbox id="disabled-ui" disabled defaultChecked />
              <Label htmlFor="disabled-ui">Disabled, checked</Label>
            </div>
            <Input disabled placeholder="Disabled input" />
            <div className="flex gap-2 sm:col-span-2">
              <Button type="submit">Record payment</Button>
              <Button type="button" variant="ghost" onClick={() => setSubmitted(false)}>
                Reset errors
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
    </Section>
  );
}

function OverlaysSection() {
  const [showFees, setShowFees] = React.useState(true);
  return (
    <Section
      id="overlays"
      title="Overlays"
      description="Dialog, alert dialog, dropdown menu, popover, tooltip, sheet, toast"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Dialog>
          <DialogTrigger asChild>
            <Button variant="outline">Dialog</Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Edit creditor</DialogTitle>
              <DialogDescription>Changes apply to future remittances only.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-3">
              <FormField label="Legal name">
                <Input defaultValue="Acme Lending LLC" />
              </FormField>
              <FormField label="Contingency rate" description="Percent of each collected payment.">
                <Input numeric defaultValue="25.00" />
              </FormField>
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <DialogClose asChild>
                <Button onClick={() => toast.success("Creditor updated")}>Save</Button>
              </DialogClose>
            </DialogFooter>
          </DialogContent>
        </Dialog>

        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button variant="destructive">Alert dialog</Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Void payment PMT-10442?</AlertDialogTitle>
              <AlertDialogDescription>
                A reversing entry of <span className="font-medium text-foreground tabular">$1,250.00</span> will be
                posted. This cannot be undone.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Keep payment</AlertDialogCancel>
              <AlertDialogAction
                variant="destructive"
                onClick={() => toast.error("Payment voided", { description: "Reversal JE-20932 posted." })}
              >
                Void payment
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>

        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline">
              Dropdown menu
              <MoreHorizontal aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="w-56">
            <DropdownMenuLabel>Payment PMT-10442</DropdownMenuLabel>
            <DropdownMenuItem>
              <FileText aria-hidden />
              View receipt
              <DropdownMenuShortcut>⌘R</DropdownMenuShortcut>
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => toast("Copied PMT-10442")}>
              <Copy aria-hidden />
              Copy ID
            </DropdownMenuItem>
            <DropdownMenuCheckboxItem checked={showFees} onCheckedChange={(v) => setShowFees(v === true)}>
              Show fee split
            </DropdownMenuCheckboxItem>
            <DropdownMenuSub>
              <DropdownMenuSubTrigger>
                <Bell aria-hidden />
                Notify
              </DropdownMenuSubTrigger>
              <DropdownMenuSubContent>
                <DropdownMenuItem>Creditor</DropdownMenuItem>
                <DropdownMenuItem>Debtor</DropdownMenuItem>
              </DropdownMenuSubContent>
            </DropdownMenuSub>
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive">
              <Trash2 aria-hidden />
              Void payment
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>

        <Popover>
          <PopoverTrigger asChild>
            <Button variant="outline">Popover</Button>
          </PopoverTrigger>
          <PopoverContent className="grid gap-2">
            <p className="text-sm font-medium">Fee split</p>
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-[13px]">
              <dt className="text-muted-foreground">Collected</dt>
              <dd className="money">$1,250.00</dd>
              <dt className="text-muted-foreground">Contingency fee (25%)</dt>
              <dd className="money">$312.50</dd>
              <dt className="font-medium">Due to creditor</dt>
              <dd className="money font-medium">$937.50</dd>
            </dl>
          </PopoverContent>
        </Popover>

        <Tooltip>
          <TooltipTrigger asChild>
            <Button variant="outline" size="icon" aria-label="What is held?">
              <Info />
            </Button>
          </TooltipTrigger>
          <TooltipContent>Held payments wait for a cleared-funds check before remittance.</TooltipContent>
        </Tooltip>

        <Sheet>
          <SheetTrigger asChild>
            <Button variant="outline">Sheet</Button>
          </SheetTrigger>
          <SheetContent>
            <SheetHeader>
              <SheetTitle>Payment PMT-10442</SheetTitle>
              <SheetDescription>Received Nov 14 by ACH from Alvarez, Maria.</SheetDescription>
            </SheetHeader>
            <div className="grid gap-3 px-4 text-sm">
              <div className="flex items-center justify-between">
                <span className="text-muted-foreground">Status</span>
                <Badge variant="success" dot>
                  Posted
                </Badge>
              </div>
              <div className="flex items-center justify-between">
                <span className="text-muted-foreground">Amount</span>
                <span className="money font-medium">$1,250.00</span>
              </div>
            </div>
            <SheetFooter>
              <Button>Open in ledger</Button>
            </SheetFooter>
          </SheetContent>
        </Sheet>

        <Separator orientation="vertical" className="mx-1 h-6!" />

        <Button
          variant="ghost"
          onClick={() => toast("Remittance batch created", { description: "RB-0192 · 14 creditors" })}
        >
          Toast
        </Button>
        <Button variant="ghost" onClick={() => toast.success("Reconciled with QuickBooks")}>
          Success toast
        </Button>
        <Button
          variant="ghost"
          onClick={() => toast.warning("Sync is slow", { description: "QuickBooks answered in 9.2 s." })}
        >
          Warning toast
        </Button>
        <Button
          variant="ghost"
          onClick={() =>
            toast.error("Payout failed", {
              description: "The bank rejected the account number.",
              action: { label: "Retry", onClick: () => toast("Retrying…") },
            })
          }
        >
          Error toast with action
        </Button>
      </div>
    </Section>
  );
}

function TabsSection() {
  return (
    <Section id="tabs" title="Tabs">
      <Tabs defaultValue="activity">
        <TabsList>
          <TabsTrigger value="activity">Activity</TabsTrigger>
          <TabsTrigger value="payments">Payments</TabsTrigger>
          <TabsTrigger value="documents">Documents</TabsTrigger>
          <TabsTrigger value="disabled" disabled>
            Disabled
          </TabsTrigger>
        </TabsList>
        <TabsContent value="activity">
          <Card>
            <CardHeader>
              <CardTitle>Activity</CardTitle>
              <CardDescription>Latest events on this account.</CardDescription>
              <CardAction>
                <Button variant="outline" size="sm">
                  View all
                </Button>
              </CardAction>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">Payment PMT-10442 posted · 2 hours ago</CardContent>
            <CardFooter className="border-t text-xs text-muted-foreground">
              Card with header action and footer
            </CardFooter>
          </Card>
        </TabsContent>
        <TabsContent value="payments">
          <Card>
            <CardContent className="text-sm">
              3 payments, <span className="tabular">$3,750.00</span> in total.
            </CardContent>
          </Card>
        </TabsContent>
        <TabsContent value="documents">
          <Card>
            <CardContent>
              <EmptyState
                size="sm"
                icon={<FileText />}
                title="No documents"
                description="Upload a placement file to see it here."
              />
            </CardContent>
          </Card>
        </TabsContent>
      </Tabs>
    </Section>
  );
}

function AlertsSection() {
  return (
    <Section id="alerts" title="Alerts">
      <div className="grid gap-3 lg:grid-cols-2">
        <Alert>
          <Info />
          <AlertTitle>Default</AlertTitle>
          <AlertDescription>Remittance statements are generated on the 1st of each month.</AlertDescription>
        </Alert>
        <Alert variant="info">
          <Info />
          <AlertTitle>Info</AlertTitle>
          <AlertDescription>A new creditor agreement takes effect on December 1.</AlertDescription>
        </Alert>
        <Alert variant="success">
          <CircleCheck />
          <AlertTitle>Reconciled</AlertTitle>
          <AlertDescription>All 1,204 November payments match QuickBooks.</AlertDescription>
        </Alert>
        <Alert variant="warning">
          <AlertTriangle />
          <AlertTitle>3 unmatched deposits</AlertTitle>
          <AlertDescription>Review them before closing the period.</AlertDescription>
        </Alert>
        <Alert variant="destructive" className="lg:col-span-2">
          <AlertTriangle />
          <AlertTitle>Ledger out of balance</AlertTitle>
          <AlertDescription>
            <p>Debits exceed credits by $0.01 in period 2026-11. Remittances are paused until this is resolved.</p>
          </AlertDescription>
        </Alert>
      </div>
    </Section>
  );
}

function FeedbackSection() {
  return (
    <Section id="feedback" title="Spinner, progress, skeleton, separator">
      <Card>
        <CardContent className="grid gap-5">
          <div className="flex items-center gap-4">
            <Spinner size="sm" />
            <Spinner />
            <Spinner size="lg" />
            <span className="flex items-center gap-2 text-[13px] text-muted-foreground">
              <Spinner size="sm" label={null} /> Syncing with QuickBooks…
            </span>
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <div className="flex justify-between text-[13px]">
                <span>Import progress</span>
                <span className="tabular text-muted-foreground">64%</span>
              </div>
              <Progress value={64} aria-label="Import progress" />
            </div>
            <div className="grid gap-1.5">
              <span className="text-[13px]">Indeterminate</span>
              <Progress aria-label="Working" />
            </div>
            <Progress value={100} tone="success" size="sm" aria-label="Done" />
            <Progress value={35} tone="warning" size="sm" aria-label="Warning" />
          </div>
          <Separator />
          <div className="grid gap-2">
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-24 w-full" />
          </div>
        </CardContent>
      </Card>
    </Section>
  );
}

function StatesSection() {
  return (
    <Section id="states" title="Empty state, error state, pagination">
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="py-0">
          <EmptyState
            icon={<Inbox />}
            title="No remittances yet"
            description="Remittances are created when collected payments clear."
            action={
              <Button size="sm">
                <Plus aria-hidden />
                New remittance batch
              </Button>
            }
          />
        </Card>
        <Card className="py-0">
          <ErrorState reference="digest 2841093377" onRetry={() => toast("Retrying…")} />
        </Card>
      </div>
      <Card className="px-4 py-3">
        <KeysetPagination
          hasPrevPage={false}
          hasNextPage
          onNext={() => toast("Next page")}
          pageSize={25}
          onPageSizeChange={(n) => toast(`Page size ${n}`)}
          summary="Rows 1–25"
        />
      </Card>
      <Card className="px-4 py-3">
        <KeysetPagination
          hasPrevPage
          hasNextPage
          prevHref="/ui-kit?before=abc"
          nextHref="/ui-kit?after=xyz"
          summary="Link-based (cursor in the URL)"
        />
      </Card>
    </Section>
  );
}
