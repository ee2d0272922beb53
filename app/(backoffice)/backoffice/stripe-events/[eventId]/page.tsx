import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "@/components/ui/page-header";
import { StripeEventDetail } from "@/components/backoffice/stripe-event-detail";
import { StripeEventRetry } from "@/components/backoffice/stripe-event-retry";
import { getSession } from "@/server/auth/session";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Stripe event" };
export const dynamic = "force-dynamic";

/** One Stripe event: status, effects and payload; failed or parked ones can be retried by an operator or admin. */
export default async function StripeEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const eventId = decodeURIComponent((await params).eventId);
  const [user, caller] = await Promise.all([getSession(), getServerCaller()]);
  const detail = await caller.stripeEvents.byId({ eventId }).catch((err: unknown) => {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  });
  const canRetry = detail.isRetryable && (user?.role === "operator" || user?.role === "admin");
  return (
    <div className="grid gap-6">
      <PageHeader
        eyebrow={
          <Link href="/backoffice/stripe-events" className="hover:underline">
            Stripe events
          </Link>
        }
        title={<span className="font-mono">{detail.event.eventId}</span>}
        description={detail.event.type}
        actions={canRetry ? <StripeEventRetry eventId={detail.event.eventId} /> : null}
      />
      <StripeEventDetail detail={detail} />
    </div>
  );
}
