"use client";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

/** The form's submit button, busy while the server action runs. */
export function SubmitButton({ children }: { children: React.ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" className="w-full" loading={pending}>
      {children}
    </Button>
  );
}
