import { PageSkeleton } from "@/components/portal/page-skeleton";

export default function Loading() {
  return <PageSkeleton cards={2} />;
}
