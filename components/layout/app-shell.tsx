"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export type NavItem = {
  href: string;
  label: string;
  /** An icon ELEMENT such as `<Wallet />` (elements can cross the server/client boundary; components cannot). */
  icon?: React.ReactNode;
  /** Small trailing count or badge, e.g. work-queue size. */
  badge?: React.ReactNode;
  /** Only active on this exact path (default: also active on sub-paths). */
  exact?: boolean;
};

export type NavSection = { section: string; items: NavItem[] };

export type NavEntry = NavItem | NavSection;

export type AppShellBrand = {
  /** Product name, e.g. "Clearbook". */
  name: string;
  /** Area name, e.g. "Creditor portal" or "Back-office". */
  area?: string;
  /** Where the brand links to (the area's home). */
  href: string;
  /** Optional logo element; a monogram is shown otherwise. */
  logo?: React.ReactNode;
};

export type AppShellProps = {
  brand: AppShellBrand;
  nav: NavEntry[];
  /** Top-bar title. Defaults to the label of the active nav item. */
  title?: React.ReactNode;
  /** Right side of the top bar, before the theme toggle (search, environment badge...). */
  actions?: React.ReactNode;
  /** Far right of the top bar, typically <UserMenu />. */
  userMenu?: React.ReactNode;
  /** Bottom of the sidebar (organisation switcher, support link, version). */
  sidebarFooter?: React.ReactNode;
  showThemeToggle?: boolean;
  /** Constrain the main column width. Default true (max-w-7xl). */
  contained?: boolean;
  children: React.ReactNode;
};

function isSection(entry: NavEntry): entry is NavSection {
  return "section" in entry;
}

function flatten(nav: NavEntry[]): NavItem[] {
  return nav.flatMap((e) => (isSection(e) ? e.items : [e]));
}

function pathOf(href: string) {
  return href.split(/[?#]/)[0] ?? href;
}

/** The active item is the one with the longest href matching the current path. */
function findActiveHref(items: NavItem[], pathname: string): string | null {
  let best: NavItem | null = null;
  for (const item of items) {
    const p = pathOf(item.href);
    if (p !== item.href && item.href.includes("#")) continue; // in-page anchors never become active
    const match = pathname === p || (!item.exact && p !== "/" && pathname.startsWith(p.endsWith("/") ? p : `${p}/`));
    if (match && (!best || p.length > pathOf(best.href).length)) best = item;
  }
  return best?.href ?? null;
}

/**
 * Responsive application frame shared by the creditor portal and the back-office:
 * sidebar navigation on large screens, a sheet behind a menu button on small ones,
 * and a sticky top bar with a title, actions, theme toggle and user menu.
 */
export function AppShell({
  brand,
  nav,
  title,
  actions,
  userMenu,
  sidebarFooter,
  showThemeToggle = true,
  contained = true,
  children,
}: AppShellProps) {
  const pathname = usePathname() ?? "/";
  const [mobileOpen, setMobileOpen] = React.useState(false);
  const items = React.useMemo(() => flatten(nav), [nav]);
  const activeHref = findActiveHref(items, pathname);
  const activeLabel = items.find((i) => i.href === activeHref)?.label;

  return (
    <div data-slot="app-shell" className="min-h-dvh lg:grid lg:grid-cols-[15rem_minmax(0,1fr)]">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>

      <aside
        data-slot="app-sidebar"
        className="sticky top-0 hidden h-dvh flex-col border-r border-sidebar-border bg-sidebar text-sidebar-foreground lg:flex"
      >
        <Brand brand={brand} />
        <SidebarNav nav={nav} activeHref={activeHref} />
        {sidebarFooter ? <div className="border-t border-sidebar-border p-3">{sidebarFooter}</div> : null}
      </aside>

      <div className="flex min-h-dvh min-w-0 flex-col">
        <header
          data-slot="app-topbar"
          className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-2 border-b bg-background/85 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/70 sm:px-4 lg:px-6"
        >
          <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
            <SheetTrigger asChild>
              <Button variant="ghost" size="icon-sm" className="-ml-1 lg:hidden" aria-label="Open navigation">
                <Menu aria-hidden />
              </Button>
            </SheetTrigger>
            <SheetContent
              side="left"
              className="w-72 gap-0 border-sidebar-border bg-sidebar p-0 text-sidebar-foreground"
            >
              <SheetTitle className="sr-only">Navigation</SheetTitle>
              <SheetDescription className="sr-only">
                {brand.name}
                {brand.area ? ` · ${brand.area}` : ""}
              </SheetDescription>
              <Brand brand={brand} onNavigate={() => setMobileOpen(false)} />
              <SidebarNav nav={nav} activeHref={activeHref} onNavigate={() => setMobileOpen(false)} />
              {sidebarFooter ? <div className="border-t border-sidebar-border p-3">{sidebarFooter}</div> : null}
            </SheetContent>
          </Sheet>

          <div className="min-w-0 flex-1 truncate text-sm font-medium">{title ?? activeLabel}</div>

          <div className="flex shrink-0 items-center gap-1">
            {actions}
            {showThemeToggle ? <ThemeToggle /> : null}
            {userMenu}
          </div>
        </header>

        <main id="main-content" tabIndex={-1} className="flex-1 px-3 py-5 outline-none sm:px-4 lg:px-8 lg:py-7">
          <div className={cn(contained && "mx-auto w-full max-w-7xl")}>{children}</div>
        </main>
      </div>
    </div>
  );
}

function Brand({ brand, onNavigate }: { brand: AppShellBrand; onNavigate?: () => void }) {
  return (
    <div className="flex h-14 shrink-0 items-center border-b border-sidebar-border px-3">
      <Link
        href={brand.href}
        onClick={onNavigate}
        className="flex min-w-0 items-center gap-2.5 rounded-md p-1 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/40"
      >
        {brand.logo ?? (
          <span
            aria-hidden
            className="flex size-7 shrink-0 items-center justify-center rounded-md bg-sidebar-primary text-[13px] font-bold text-sidebar-primary-foreground"
          >
            {brand.name.charAt(0)}
          </span>
        )}
        <span className="grid min-w-0 leading-tight">
          <span className="truncate text-sm font-semibold text-sidebar-accent-foreground">{brand.name}</span>
          {brand.area ? (
            <span className="truncate text-xs text-muted-foreground">
              <span className="sr-only"> · </span>
              {brand.area}
            </span>
          ) : null}
        </span>
      </Link>
    </div>
  );
}

function SidebarNav({
  nav,
  activeHref,
  onNavigate,
}: {
  nav: NavEntry[];
  activeHref: string | null;
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-3">
      <div className="grid gap-4">
        {groupEntries(nav).map((group, gi) => (
          <div key={group.section ?? `group-${gi}`} className="grid gap-0.5">
            {group.section ? (
              <p className="px-2.5 pb-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
                {group.section}
              </p>
            ) : null}
            <ul className="grid gap-0.5">
              {group.items.map((item) => (
                <li key={item.href}>
                  <NavLink item={item} active={item.href === activeHref} onNavigate={onNavigate} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}

/** Consecutive loose items form an unlabelled group; sections keep their label. */
function groupEntries(nav: NavEntry[]): { section?: string; items: NavItem[] }[] {
  const groups: { section?: string; items: NavItem[] }[] = [];
  for (const entry of nav) {
    if (isSection(entry)) {
      groups.push({ section: entry.section, items: entry.items });
    } else {
      const last = groups[groups.length - 1];
      if (last && last.section === undefined) last.items.push(entry);
      else groups.push({ items: [entry] });
    }
  }
  return groups;
}

function NavLink({ item, active, onNavigate }: { item: NavItem; active: boolean; onNavigate?: () => void }) {
  return (
    <Link
      href={item.href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      data-active={active || undefined}
      className={cn(
        "group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-[13px] font-medium text-sidebar-foreground/85 outline-none",
        "transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground",
        "focus-visible:ring-[3px] focus-visible:ring-ring/40",
        "data-[active]:bg-sidebar-accent data-[active]:text-sidebar-accent-foreground",
        "[&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground data-[active]:[&_svg]:text-sidebar-primary",
      )}
    >
      {item.icon ? (
        <span aria-hidden className="flex">
          {item.icon}
        </span>
      ) : null}
      <span className="min-w-0 flex-1 truncate">{item.label}</span>
      {item.badge !== undefined && item.badge !== null ? (
        <span className="ml-auto rounded-full bg-muted px-1.5 text-[11px] leading-4 font-medium text-muted-foreground tabular group-data-[active]:bg-card">
          {item.badge}
        </span>
      ) : null}
    </Link>
  );
}
