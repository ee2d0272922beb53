"use client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
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
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

// UTC and fixed format: the server's render and the browser's agree.
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "Never");

/** Keys with prefix, created, last used, and state; active keys can be revoked after a confirmation. */
export function KeysTable({ keys, onRevoke }: { keys: KeyRow[]; onRevoke: (id: string) => Promise<void> }) {
  if (keys.length === 0)
    return <EmptyState title="No keys yet" description="Create one above to connect your ERP or accounting system." />;
  return (
    <Table containerClassName="rounded-lg border">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>State</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k.id}>
            <TableCell className="font-medium">{k.name}</TableCell>
            <TableCell className="font-mono text-[13px] text-muted-foreground">cb_live_{k.prefix}_…</TableCell>
            <TableCell>{when(k.createdAt)}</TableCell>
            <TableCell>{when(k.lastUsedAt)}</TableCell>
            <TableCell>
              {k.revokedAt ? (
                <Badge variant="muted">Revoked {when(k.revokedAt)}</Badge>
              ) : (
                <Badge variant="success" dot>
                  Active
                </Badge>
              )}
            </TableCell>
            <TableCell className="text-right">
              {k.revokedAt ? null : (
                <AlertDialog>
                  <AlertDialogTrigger asChild>
                    <Button size="sm" variant="outline">
                      Revoke
                    </Button>
                  </AlertDialogTrigger>
                  <AlertDialogContent>
                    <AlertDialogHeader>
                      <AlertDialogTitle>Revoke “{k.name}”?</AlertDialogTitle>
                      <AlertDialogDescription>
                        Requests with this key are refused from now on. This cannot be undone; create a new key if you
                        need one.
                      </AlertDialogDescription>
                    </AlertDialogHeader>
                    <AlertDialogFooter>
                      <AlertDialogCancel>Keep it</AlertDialogCancel>
                      <AlertDialogAction variant="destructive" onClick={() => void onRevoke(k.id)}>
                        Revoke key
                      </AlertDialogAction>
                    </AlertDialogFooter>
                  </AlertDialogContent>
                </AlertDialog>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
