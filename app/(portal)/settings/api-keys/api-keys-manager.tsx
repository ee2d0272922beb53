"use client";
import { TRPCClientError } from "@trpc/client";
import { CircleAlert, Copy, KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { makeTRPCClient } from "@/server/trpc/react";
import { KeysTable, type KeyRow } from "./keys-table";

/** Create a key (its secret shown exactly once), and list or revoke existing ones. */
export function ApiKeysManager({ keys }: { keys: KeyRow[] }) {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await client.apiKeys.create.mutate({ name });
      setCreated({ id: result.key.id, name: result.key.name, secret: result.secret });
      setCopied(false);
      setName("");
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    setError(null);
    try {
      await client.apiKeys.revoke.mutate({ id });
      if (created?.id === id) setCreated(null);
      router.refresh();
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
    }
  }

  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Create a key</CardTitle>
          <CardDescription>
            Name it after the system that will use it, so you know which key to revoke later.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <form onSubmit={(e) => void create(e)} className="flex flex-wrap items-end gap-3">
            <FormField label="Name" className="min-w-64 flex-1">
              <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
            </FormField>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              <KeyRound aria-hidden />
              Create key
            </Button>
          </form>
          {created ? (
            <Alert variant="warning">
              <KeyRound />
              <AlertTitle>Copy the key for “{created.name}” now: it is shown only once</AlertTitle>
              <AlertDescription className="grid gap-2">
                <div className="flex flex-wrap items-center gap-2">
                  <code className="break-all rounded bg-muted px-2 py-1 font-mono text-[13px]">{created.secret}</code>
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => void navigator.clipboard.writeText(created.secret).then(() => setCopied(true))}
                  >
                    <Copy aria-hidden />
                    {copied ? "Copied" : "Copy"}
                  </Button>
                </div>
                <p className="text-[13px] text-muted-foreground">Try it:</p>
                <code className="break-all rounded bg-muted px-2 py-1 font-mono text-xs">
                  curl -H &quot;Authorization: Bearer {created.secret}&quot; {origin}/v1/placements
                </code>
              </AlertDescription>
            </Alert>
          ) : null}
          {error ? (
            <Alert variant="destructive">
              <CircleAlert />
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
        </CardContent>
      </Card>
      <KeysTable keys={keys} onRevoke={revoke} />
    </div>
  );
}
