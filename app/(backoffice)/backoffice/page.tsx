import { redirect } from "next/navigation";

export default function BackofficeHome() {
  redirect("/backoffice/work-items");
}
