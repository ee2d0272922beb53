import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import { users, workItems } from "@/db/schema";
import type { Actor } from "@/server/domain/actor";
import { closeWorkItem, reopenWorkItem, startWorkItem } from "@/server/services/work-items/lifecycle";
import { openWorkItem } from "@/server/services/work-items/open";
import { decideReversal } from "@/server/services/work-items/reversal-decisions";

const DAY = 86_400_000;

/**
 * The workbench in use, through its own services: the operator owns some items, has resolved and
 * dismissed others (one was reopened), a write-off waits for finance's approval, and a payment
 * entered directly in a creditor's QuickBooks waits to be confirmed. Run after the demo sign-ins.
 */
export async function seedDemoWorkbench(db: Db, now = new Date()) {
  const [operator] = await db.select({ id: users.id }).from(users).where(eq(users.email, "operator@clearbook.test"));
  if (!operator) throw new Error("seed the demo sign-ins first");
  const olivia: Actor = { type: "user", id: operator.id };
  const reversals = await db
    .select({ id: workItems.id })
    .from(workItems)
    .where(and(eq(workItems.kind, "reversal_decision"), eq(workItems.status, "open")))
    .orderBy(asc(workItems.createdAt));
  // The newest reversals are decided; the oldest stay for people to try (and the e2e journey).
  const newest = reversals.slice(-4);
  for (const [i, r] of newest.entries()) {
    if (i === 0) {
      await decideReversal(
        db,
        { workItemId: r.id, expectedVersion: 1, decision: "write_off", note: "Debtor insolvent" },
        olivia,
      );
    } else if (i === 1) {
      await startWorkItem(db, { workItemId: r.id, expectedVersion: 1 }, olivia);
    } else {
      const out = await decideReversal(
        db,
        { workItemId: r.id, expectedVersion: 1, decision: "keep", note: "Creditor settles it with the debtor" },
        olivia,
      ).catch(() => null);
      if (!out)
        await closeWorkItem(
          db,
          {
            workItemId: r.id,
            expectedVersion: 1,
            outcome: "dismissed",
            resolution: { action: "dismissed" },
            reason: "Handled by the creditor",
          },
          olivia,
        );
    }
  }
  const others = await db
    .select({ id: workItems.id, version: workItems.version })
    .from(workItems)
    .where(
      and(notInArray(workItems.kind, ["reversal_decision", "direct_payment_candidate"]), eq(workItems.status, "open")),
    )
    .orderBy(asc(workItems.createdAt))
    .limit(3);
  for (const [i, w] of others.entries()) {
    if (i === 0) await startWorkItem(db, { workItemId: w.id, expectedVersion: w.version }, olivia);
    else {
      const closed = await closeWorkItem(
        db,
        {
          workItemId: w.id,
          expectedVersion: w.version,
          outcome: "resolved",
          resolution: { action: "resolved_outside_clearbook" },
          reason: "Corrected in QuickBooks by the creditor's bookkeeper",
        },
        olivia,
      );
      if (i === 1)
        await reopenWorkItem(
          db,
          { workItemId: w.id, expectedVersion: closed.version, reason: "The balance drifted again" },
          olivia,
        );
    }
  }
  // A payment the debtor made to the creditor, found in the creditor's QuickBooks three days ago.
  const [open] = await queryRows<{
    id: string;
    creditor_id: string;
    invoice_number: string;
    currency: string;
    left: string;
  }>(
    db,
    sql`select id::text, creditor_id::text, invoice_number, currency, (invoice_amount - recovered_amount)::text as left
      from placements where status = 'open' and recovered_amount = 0 order by placed_at limit 1`,
  );
  if (open) {
    const amount = BigInt(open.left) / 2n;
    const paid = new Date(now.getTime() - 3 * DAY);
    await openWorkItem(db, {
      kind: "direct_payment_candidate",
      creditorId: open.creditor_id,
      subjectType: "placement",
      subjectId: open.id,
      title: `Payment entered directly in QuickBooks on ${open.invoice_number}`,
      nextAction:
        "Confirm with the creditor that the debtor paid them directly; if so, record it as a DIRECT_PAYMENT on the placement. Nothing is posted until you do.",
      evidence: {
        qboPaymentId: "demo-direct-1",
        amount,
        currency: open.currency,
        txnDate: paid.toISOString().slice(0, 10),
        paymentRefNum: "CHK-20417",
        privateNote: "Cheque received at the front desk",
      },
      dedupeKey: `demo-direct:${open.id}`,
      causedAt: paid,
    });
  }
}
