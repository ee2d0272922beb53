"use client";

import * as React from "react";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown, Search, SearchX, X } from "lucide-react";
import { cn } from "./cn";
import { Input } from "./input";
import { Skeleton } from "./skeleton";
import { Progress } from "./progress";
import { EmptyState } from "./empty-state";
import { ErrorState } from "./error-state";
import { KeysetPagination } from "./pagination";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "./table";

declare module "@tanstack/react-table" {
  // Type parameters must match the library's declaration for the merge to work.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-align with tabular digits (amounts, counts, days past due). */
    numeric?: boolean;
    /** Extra classes on the <th> (e.g. a width: "w-32"). */
    headerClassName?: string;
    /** Extra classes on every <td> of the column. */
    cellClassName?: string;
  }
}

export type DataTableError = string | { title?: React.ReactNode; description?: React.ReactNode; reference?: string };

export type DataTableProps<TData> = {
  /** Column definitions. Set `meta: { numeric: true }` on amount/count columns. */
  // ColumnDef's value type is invariant, so mixed accessor columns need `any` here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<TData, any>[];
  /** The current page of rows, already sorted, filtered and paginated by the server. */
  rows: TData[];
  getRowId?: (row: TData, index: number) => string;
  /** Accessible name for the table, e.g. "Remittances". */
  label?: string;

  /** Controlled server-side sorting. Sorting is disabled when onSortingChange is omitted. */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;

  /** Search box (shown when onSearchChange is given). Changes are debounced. */
  searchValue?: string;
  onSearchChange?: (value: string) => void;
  searchPlaceholder?: string;
  searchDebounceMs?: number;
  /** Filter controls next to the search box (selects, date range, toggles). */
  filters?: React.ReactNode;
  /** Right side of the toolbar (export, "New ..." button). */
  toolbarActions?: React.ReactNode;

  /** Keyset pagination (shown when onNext/onPrev or onPageSizeChange is given). */
  hasNextPage?: boolean;
  hasPrevPage?: boolean;
  onNext?: () => void;
  onPrev?: () => void;
  pageSize?: number;
  pageSizeOptions?: readonly number[];
  onPageSizeChange?: (size: number) => void;
  /** Left side of the pagination bar, e.g. "Showing 26–50". */
  pageSummary?: React.ReactNode;

  /** Shows skeleton rows when there are no rows yet, or dims the current rows while the next page loads. */
  loading?: boolean;
  error?: DataTableError | null;
  onRetry?: () => void;
  /** Replaces the default "No results" message. */
  emptyState?: React.ReactNode;

  /** Makes rows clickable (and keyboard-activatable with Enter). Clicks on links/buttons inside a row are ignored. */
  onRowClick?: (row: TData) => void;
  /**
   * On a phone (below the `md` breakpoint) show each row as a card — its first column as the
   * title, every other column as a labelled line — instead of a table squeezed or scrolled sideways.
   */
  cardsOnPhone?: boolean;
  className?: string;
};

/** A column's header as a card label: its text when it is text, else nothing (e.g. an actions column). */
function headerText(header: unknown, id: string): string {
  if (typeof header === "string") return header;
  return id === "actions" || id === "select"
    ? ""
    : id.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

/**
 * Table for server-driven lists. It renders what it is given: it never sorts,
 * filters or paginates rows itself; it reports the user's intent
 * (onSortingChange, onSearchChange, onNext/onPrev) so the server can answer.
 */
export function DataTable<TData>({
  columns,
  rows,
  getRowId,
  label,
  sorting,
  onSortingChange,
  searchValue = "",
  onSearchChange,
  searchPlaceholder = "Search…",
  searchDebounceMs = 300,
  filters,
  toolbarActions,
  hasNextPage = false,
  hasPrevPage = false,
  onNext,
  onPrev,
  pageSize,
  pageSizeOptions,
  onPageSizeChange,
  pageSummary,
  loading = false,
  error,
  onRetry,
  emptyState,
  onRowClick,
  cardsOnPhone = false,
  className,
}: DataTableProps<TData>) {
  const sortingState = sorting ?? EMPTY_SORTING;

  // TanStack Table returns a mutable instance; React Compiler is not enabled here, so this is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<TData>({
    data: rows,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    // Server-driven: no client sorted/filtered/paginated row models are registered.
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableSorting: Boolean(onSortingChange),
    enableMultiSort: false,
    // The server always sorts by something: a header click flips the direction, never clears it.
    enableSortingRemoval: false,
    state: { sorting: sortingState },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sortingState) : updater;
      onSortingChange?.(next);
    },
  });

  const leafColumns = table.getVisibleLeafColumns();
  const colSpan = Math.max(1, leafColumns.length);
  const hasFooter = leafColumns.some((c) => c.columnDef.footer !== undefined);
  const hasToolbar = Boolean(onSearchChange || filters || toolbarActions);
  const hasPagination = Boolean(onNext || onPrev || onPageSizeChange);
  const tableRows = table.getRowModel().rows;
  const showSkeleton = loading && rows.length === 0 && !error;
  const errorInfo = typeof error === "string" ? { description: error } : error;

  return (
    <div data-slot="data-table" className={cn("grid min-w-0 gap-3", className)}>
      {hasToolbar ? (
        <div data-slot="data-table-toolbar" className="flex flex-wrap items-center gap-2">
          {onSearchChange ? (
            <SearchBox
              value={searchValue}
              onChange={onSearchChange}
              placeholder={searchPlaceholder}
              debounceMs={searchDebounceMs}
              label={label ? `Search ${label.toLowerCase()}` : "Search"}
            />
          ) : null}
          {filters ? <div className="flex flex-wrap items-center gap-2">{filters}</div> : null}
          {toolbarActions ? <div className="ml-auto flex flex-wrap items-center gap-2">{toolbarActions}</div> : null}
        </div>
      ) : null}

      {cardsOnPhone && !error && !showSkeleton && tableRows.length > 0 ? (
        <ul
          aria-label={label}
          aria-busy={loading || undefined}
          data-slot="data-table-cards"
          className={cn("grid gap-2 md:hidden", loading && "opacity-60 transition-opacity")}
        >
          {tableRows.map((row) => {
            const [first, ...rest] = row.getVisibleCells();
            return (
              <li
                key={row.id}
                data-testid="data-card"
                className={cn("grid gap-2 rounded-lg border bg-card p-3 shadow-xs", onRowClick && "cursor-pointer")}
                onClick={
                  onRowClick
                    ? (e) => {
                        if (isInteractiveTarget(e.target, e.currentTarget)) return;
                        onRowClick(row.original);
                      }
                    : undefined
                }
              >
                {first ? (
                  <div className="min-w-0 text-sm font-medium">
                    {flexRender(first.column.columnDef.cell, first.getContext())}
                  </div>
                ) : null}
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[13px]">
                  {rest.map((cell) => {
                    const text = headerText(cell.column.columnDef.header, cell.column.id);
                    return (
                      <React.Fragment key={cell.id}>
                        <dt className="text-muted-foreground">{text}</dt>
                        <dd className="min-w-0 justify-self-end text-right break-words">
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </dd>
                      </React.Fragment>
                    );
                  })}
                </dl>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div
        className={cn(
          "relative overflow-hidden rounded-lg border bg-card shadow-xs",
          cardsOnPhone && !error && !showSkeleton && tableRows.length > 0 && "hidden md:block",
        )}
      >
        {loading && !showSkeleton ? (
          <Progress
            size="sm"
            aria-label="Loading"
            className="absolute inset-x-0 top-0 z-10 h-0.5 rounded-none bg-transparent"
          />
        ) : null}
        <Table aria-label={label} aria-busy={loading || undefined}>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  // The server sorts, so a column needs no accessor to be sortable: every column is,
                  // unless it says `enableSorting: false` (TanStack's getCanSort wants an accessor).
                  const sortable = Boolean(onSortingChange) && header.column.columnDef.enableSorting !== false;
                  const sorted = header.column.getIsSorted();
                  return (
                    <TableHead
                      key={header.id}
                      colSpan={header.colSpan}
                      numeric={meta?.numeric}
                      aria-sort={
                        sortable
                          ? sorted === "asc"
                            ? "ascending"
                            : sorted === "desc"
                              ? "descending"
                              : "none"
                          : undefined
                      }
                      className={meta?.headerClassName}
                    >
                      {header.isPlaceholder ? null : sortable ? (
                        <SortButton column={header.column} numeric={meta?.numeric}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                        </SortButton>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>

          <TableBody className={cn(loading && !showSkeleton && "opacity-60 transition-opacity")}>
            {error ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={colSpan} className="p-0">
                  <ErrorState
                    size="sm"
                    title={errorInfo?.title}
                    description={errorInfo?.description}
                    reference={errorInfo?.reference}
                    onRetry={onRetry}
                  />
                </TableCell>
              </TableRow>
            ) : showSkeleton ? (
              Array.from({ length: Math.min(pageSize ?? 8, 12) }, (_, r) => (
                <TableRow key={`skeleton-${r}`} className="hover:bg-transparent" aria-hidden>
                  {leafColumns.map((col, c) => (
                    <TableCell key={col.id} numeric={col.columnDef.meta?.numeric}>
                      <Skeleton
                        className={cn("h-3.5", col.columnDef.meta?.numeric && "ml-auto")}
                        style={{ width: `${SKELETON_WIDTHS[(r + c * 3) % SKELETON_WIDTHS.length]}%` }}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            ) : tableRows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={colSpan} className="p-0">
                  {emptyState ?? (
                    <EmptyState
                      size="sm"
                      icon={<SearchX />}
                      title="No results"
                      description={
                        searchValue
                          ? "Nothing matches your search. Try different words or clear the filters."
                          : "There is nothing here yet."
                      }
                    />
                  )}
                </TableCell>
              </TableRow>
            ) : (
              tableRows.map((row) => (
                <TableRow
                  key={row.id}
                  data-state={row.getIsSelected() ? "selected" : undefined}
                  tabIndex={onRowClick ? 0 : undefined}
                  className={cn(
                    onRowClick &&
                      "cursor-pointer focus-visible:bg-muted/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
                  )}
                  onClick={
                    onRowClick
                      ? (e) => {
                          if (isInteractiveTarget(e.target, e.currentTarget)) return;
                          onRowClick(row.original);
                        }
                      : undefined
                  }
                  onKeyDown={
                    onRowClick
                      ? (e) => {
                          if (e.key === "Enter" && e.target === e.currentTarget) onRowClick(row.original);
                        }
                      : undefined
                  }
                >
                  {row.getVisibleCells().map((cell) => (
                    <TableCell
                      key={cell.id}
                      numeric={cell.column.columnDef.meta?.numeric}
                      className={cell.column.columnDef.meta?.cellClassName}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>

          {hasFooter && !error && !showSkeleton && tableRows.length > 0 ? (
            <TableFooter>
              {table.getFooterGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {group.headers.map((header) => (
                    <TableCell
                      key={header.id}
                      colSpan={header.colSpan}
                      numeric={header.column.columnDef.meta?.numeric}
                      className={header.column.columnDef.meta?.cellClassName}
                    >
                      {header.isPlaceholder ? null : flexRender(header.column.columnDef.footer, header.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableFooter>
          ) : null}
        </Table>
      </div>

      {hasPagination ? (
        <KeysetPagination
          hasPrevPage={hasPrevPage}
          hasNextPage={hasNextPage}
          onPrev={onPrev}
          onNext={onNext}
          pageSize={pageSize}
          pageSizeOptions={pageSizeOptions}
          onPageSizeChange={onPageSizeChange}
          summary={pageSummary}
          disabled={loading || Boolean(error)}
        />
      ) : null}
    </div>
  );
}

const EMPTY_SORTING: SortingState = [];
const SKELETON_WIDTHS = [62, 45, 78, 54, 70, 38, 66, 50];

function isInteractiveTarget(target: EventTarget, row: Element) {
  if (!(target instanceof Element)) return false;
  const hit = target.closest(
    "a, button, input, select, textarea, label, [role='checkbox'], [role='menuitem'], [data-row-click-ignore]",
  );
  return hit !== null && row.contains(hit);
}

function SortButton<TData>({
  column,
  numeric,
  children,
}: {
  column: Column<TData, unknown>;
  numeric?: boolean;
  children: React.ReactNode;
}) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <button
      type="button"
      onClick={() => column.toggleSorting(undefined, false)}
      className={cn(
        "-mx-1.5 inline-flex h-7 items-center gap-1 rounded-md px-1.5 font-medium outline-none",
        "hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/40",
        sorted && "text-foreground",
        numeric && "flex-row-reverse",
      )}
    >
      {children}
      <Icon aria-hidden className={cn("size-3.5 shrink-0", !sorted && "opacity-45")} />
    </button>
  );
}

function SearchBox({
  value,
  onChange,
  placeholder,
  debounceMs,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  debounceMs: number;
  label: string;
}) {
  const [draft, setDraft] = React.useState(value);
  const [seenValue, setSeenValue] = React.useState(value);
  const [lastEmitted, setLastEmitted] = React.useState(value);
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Follow outside changes (e.g. "Clear filters"), but not the echo of our own
  // debounced value: the user may have typed more since it was sent.
  if (value !== seenValue) {
    setSeenValue(value);
    if (value !== lastEmitted) {
      setDraft(value);
      setLastEmitted(value);
    }
  }

  React.useEffect(() => {
    const t = timer;
    return () => clearTimeout(t.current);
  }, []);

  const emit = (v: string, delay: number) => {
    clearTimeout(timer.current);
    const send = () => {
      setLastEmitted(v);
      onChange(v);
    };
    if (delay <= 0) send();
    else timer.current = setTimeout(send, delay);
  };

  return (
    <div className="relative w-full sm:w-72">
      <Search
        aria-hidden
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <Input
        type="search"
        role="searchbox"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          emit(e.target.value, debounceMs);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") emit(draft, 0);
        }}
        className="h-8 pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden"
      />
      {draft ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setDraft("");
            emit("", 0);
          }}
          className="absolute top-1/2 right-1.5 flex size-5 -translate-y-1/2 items-center justify-center rounded-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/40"
        >
          <X className="size-3.5" aria-hidden />
        </button>
      ) : null}
    </div>
  );
}
