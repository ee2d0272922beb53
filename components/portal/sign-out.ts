"use server";

import { signOut } from "@/server/auth/config";

/** Sign out and land on the sign-in page. */
export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
