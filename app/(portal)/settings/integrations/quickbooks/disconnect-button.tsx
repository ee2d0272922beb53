"use client";
import { TRPCClientError } from "@trpc/client";
import { Unplug } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { makeTRPCClient } from "@/server/trpc/react";

/** Disconnect after a confirmation: tokens are revoked and forgotten, the sync log stays. */
export function DisconnectButton({ companyName }: { companyName: string }) {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function disconnect() {
    setError(null);
    try {
      await client.qbo.disconnect.mutate();
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    }
  }
  return (
    <>
      <AlertDialog>
        <AlertDialogTrigger asChild>
          <Button variant="outline">
            <Unplug aria-hidden />
            Disconnect
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Disconnect {companyName}?</AlertDialogTitle>
            <AlertDialogDescription>
              Payments recovered from now on are not posted to QuickBooks, and drift is no longer checked. Nothing
              already in QuickBooks is changed. You can connect again at any time.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Stay connected</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => void disconnect()}>
              Disconnect
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      {error ? (
        <p role="alert" className="text-[13px] text-destructive">
          {error}
        </p>
      ) : null}
    </>
  );
}
