import { SearchX } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return <EmptyState icon={<SearchX />} title="Not found" description="Nothing exists at this address. Check the link or use the navigation." />;
}
