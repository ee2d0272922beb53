"use client";

import * as React from "react";
import { Copy, MailWarning } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The invitation exists but its email did not go out: the inviter copies the link and sends it themselves. */
export function InviteMailFailed({ email, link, reason }: { email: string; link: string; reason: string }) {
  const [copied, setCopied] = React.useState(false);
  return (
    <Alert variant="warning">
      <MailWarning />
      <AlertTitle>Email failed — copy the link</AlertTitle>
      <AlertDescription className="grid gap-2">
        <p>
          The invitation for {email} is saved and works, but the mail server did not take the email ({reason}). Send
          them this one-time link yourself; it expires after 72 hours.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="break-all rounded bg-muted px-2 py-1 font-mono text-[13px]">{link}</code>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}
          >
            <Copy aria-hidden />
            {copied ? "Copied" : "Copy link"}
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
