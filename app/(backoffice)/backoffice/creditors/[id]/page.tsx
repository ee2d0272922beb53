import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CreditorDetail } from "@/components/backoffice/creditor-detail";
import { getSession } from "@/server/auth/session";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Creditor" };

export default async function CreditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) notFound();
  await getQueryClient()
    .fetchQuery(trpc.backoffice.creditor.queryOptions({ id }))
    .catch((err: unknown) => {
      if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
      throw err;
    });
  await prefetchNow(trpc.audit.list.queryOptions({ creditorId: id, limit: 8 }));
  const user = await getSession();
  return (
    <HydrateClient>
      <CreditorDetail id={id} canInvite={user?.role === "admin"} canChangeRate={user?.role === "admin"} />
    </HydrateClient>
  );
}
