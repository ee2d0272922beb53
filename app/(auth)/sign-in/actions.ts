"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/server/auth/config";
import { safeDestination } from "@/server/auth/destination";

export type SignInState = { error: string | null; email: string };

/** Sign in with email and password; on success Auth.js redirects, on failure the form shows why. */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and your password.", email };
  try {
    await signIn("credentials", { email, password, redirectTo: safeDestination(formData.get("callbackUrl")) });
  } catch (err) {
    if (err instanceof CredentialsSignin) {
      return err.code === "throttled"
        ? {
            error:
              "Too many failed attempts from here. Wait 15 minutes and try again, or ask your administrator for a new invitation.",
            email,
          }
        : { error: "That email and password do not match. Check both and try again.", email };
    }
    if (err instanceof AuthError) return { error: "Sign-in is unavailable right now. Try again in a minute.", email };
    throw err; // the success redirect travels as an error; let it through
  }
  return { error: null, email };
}
