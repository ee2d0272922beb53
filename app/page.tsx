import { redirect } from "next/navigation";
import { isCreditorRole } from "@/server/auth/roles";
import { getSession } from "@/server/auth/session";

/** The front door: creditors to their portal, agency staff to the back-office, everyone else to sign in. */
export default async function Home() {
  const user = await getSession();
  if (!user) redirect("/sign-in");
  redirect(isCreditorRole(user.role) ? "/overview" : "/backoffice/work-items");
}
