"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { acceptInvitation } from "@/server/services/identity/invitations";

export type AcceptState = { error: string | null };

/** Set the invited person's password (consuming the link) and send them to sign in. */
export async function acceptInviteAction(_prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const token = String(formData.get("token") ?? "");
  const password = String(formData.get("password") ?? "");
  if (password !== String(formData.get("confirm") ?? ""))
    return { error: "The two passwords differ. Type the same password twice." };
  let email: string;
  try {
    email = (await acceptInvitation(await getDb(), { token, password })).email;
  } catch (err) {
    if (err instanceof AppError) return { error: err.message.charAt(0).toUpperCase() + err.message.slice(1) + "." };
    throw err;
  }
  redirect(`/sign-in?accepted=1&email=${encodeURIComponent(email)}`);
}
