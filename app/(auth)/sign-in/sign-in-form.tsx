"use client";
import { CircleAlert } from "lucide-react";
import { useActionState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "../submit-button";
import { signInAction, type SignInState } from "./actions";

/** Email and password, with the server's answer shown above the fields. */
export function SignInForm({ callbackUrl, email }: { callbackUrl?: string; email?: string }) {
  const [state, action] = useActionState<SignInState, FormData>(signInAction, { error: null, email: email ?? "" });
  return (
    <form action={action} className="grid gap-4">
      {state.error ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{state.error}</AlertDescription>
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <FormField label="Email" required>
        <Input name="email" type="email" autoComplete="username" defaultValue={state.email} required />
      </FormField>
      <FormField label="Password" required>
        <Input name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <SubmitButton>Sign in</SubmitButton>
    </form>
  );
}
