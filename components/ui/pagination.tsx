"use client";

import * as React from "react";
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "./cn";
import { Button } from "./button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "./select";

export type KeysetPaginationProps = {
  hasPrevPage: boolean;
  hasNextPage: boolean;
  /** Callback navigation (client state). */
  onPrev?: () => void;
  onNext?: () => void;
  /** Link navigation (cursor in the URL). Used instead of the callbacks when given. */
  prevHref?: string;
  nextHref?: string;
  pageSize?: number;
  pageSizeOptions?: readonly number[];
  onPageSizeChange?: (size: number) => void;
  /** Free text on the left, e.g. "Rows 26–50" or "1,204 payments". */
  summary?: React.ReactNode;
  /** Disables everything, e.g. while a page is loading. */
  disabled?: boolean;
  className?: string;
};

/**
 * Previous / next controls for cursor (keyset) pagination, where the server
 * only knows whether there is a page before or after this one.
 */
export function KeysetPagination({
  hasPrevPage,
  hasNextPage,
  onPrev,
  onNext,
  prevHref,
  nextHref,
  pageSize,
  pageSizeOptions = [25, 50, 100],
  onPageSizeChange,
  summary,
  disabled = false,
  className,
}: KeysetPaginationProps) {
  const sizeId = React.useId();
  return (
    <nav
      aria-label="Pagination"
      data-slot="pagination"
      className={cn("flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-[13px]", className)}
    >
      <div className="min-w-0 text-muted-foreground tabular">{summary}</div>
      <div className="flex items-center gap-4">
        {pageSize !== undefined && onPageSizeChange ? (
          <div className="flex items-center gap-2">
            <span id={sizeId} className="text-muted-foreground">
              Rows per page
            </span>
            <Select value={String(pageSize)} onValueChange={(v) => onPageSizeChange(Number(v))} disabled={disabled}>
              <SelectTrigger size="sm" aria-labelledby={sizeId} className="w-[4.5rem] tabular">
                <SelectValue />
              </SelectTrigger>
              <SelectContent align="end">
                {pageSizeOptions.map((n) => (
                  <SelectItem key={n} value={String(n)}>
                    {n}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        ) : null}
        <div className="flex items-center gap-1.5">
          <PageButton direction="prev" enabled={hasPrevPage && !disabled} href={prevHref} onClick={onPrev} />
          <PageButton direction="next" enabled={hasNextPage && !disabled} href={nextHref} onClick={onNext} />
        </div>
      </div>
    </nav>
  );
}

function PageButton({
  direction,
  enabled,
  href,
  onClick,
}: {
  direction: "prev" | "next";
  enabled: boolean;
  href?: string;
  onClick?: () => void;
}) {
  const label = direction === "prev" ? "Previous" : "Next";
  const content =
    direction === "prev" ? (
      <>
        <ChevronLeft aria-hidden />
        {label}
      </>
    ) : (
      <>
        {label}
        <ChevronRight aria-hidden />
      </>
    );
  const cls = direction === "prev" ? "pl-2" : "pr-2";
  if (href && enabled) {
    return (
      <Button asChild variant="outline" size="sm" className={cls}>
        <Link href={href} rel={direction} scroll={false}>
          {content}
        </Link>
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" className={cls} disabled={!enabled} onClick={onClick}>
      {content}
    </Button>
  );
}
