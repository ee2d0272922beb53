"use client";
import { CircleAlert } from "lucide-react";
import { useActionState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "../submit-button";
import { acceptInviteAction, type AcceptState } from "./actions";

/** Choose a password (twice); the server says what is wrong with it, if anything. */
export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState<AcceptState, FormData>(acceptInviteAction, { error: null });
  return (
    <form action={action} className="grid gap-4">
      {state.error ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{state.error}</AlertDescription>
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormField label="New password" description="At least 12 characters. A few unrelated words work well." required>
        <Input name="password" type="password" autoComplete="new-password" minLength={12} required />
      </FormField>
      <FormField label="Type it again" required>
        <Input name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      </FormField>
      <SubmitButton>Set password</SubmitButton>
    </form>
  );
}
