"use client";

import { ErrorState } from "@/components/ui/error-state";

/** The body of an `error.tsx`: a calm message, the digest for support, and a retry. */
export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="This page could not be loaded"
      description="Something went wrong on our side. Nothing was changed; try again in a moment."
      reference={error.digest}
      onRetry={reset}
    />
  );
}
