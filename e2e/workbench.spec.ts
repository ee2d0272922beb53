import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { expect, settled, test } from "./fixtures";

test.describe("exception workbench", () => {
  test("a write-off proposed by the operator and approved by finance closes the placement", async ({
    page,
    signIn,
    seeded,
    shot,
  }) => {
    // Every minute the in-process jobs share the one embedded database with the pages: on a busy
    // machine a refresh after an action can wait behind them, so the steps after actions wait longer.
    test.setTimeout(360_000);
    const slow = { timeout: 90_000 };
    // A reversal decision from the demo book whose placement still has money outstanding.
    const [item] = await queryRows<{ id: string; placement_id: string; creditor_id: string; invoice_number: string }>(
      seeded.db,
      sql`select w.id::text, p.id::text as placement_id, p.creditor_id::text, p.invoice_number from work_items w
        join placements p on p.id::text = w.subject_id
        where w.kind = 'reversal_decision' and w.status = 'open' and w.proposal is null and p.status in ('open', 'paid')
          and p.invoice_amount - p.recovered_amount - p.direct_paid_amount - p.written_off_amount > 0
        order by w.created_at limit 1`,
    );
    expect(item, "the demo book has an open reversal decision").toBeDefined();

    await signIn("operator@clearbook.test");
    await page.goto("/backoffice/work-items?kind=reversal_decision");
    const queue = page.getByRole("table", { name: "Work items" });
    await expect(queue).toBeVisible();
    await expect(queue.getByText("Overdue").first()).toBeVisible();
    await shot("workbench-queue");

    // The placement says what happened, never "Paid" beside an outstanding balance.
    await page.goto(`/backoffice/placements/${item!.placement_id}`);
    await expect(page.getByText("Reversed — decision pending").first()).toBeVisible();

    await page.goto(`/backoffice/work-items/${item!.id}`);
    await expect(page.getByText("Decide the placement’s future")).toBeVisible();
    await page.getByRole("button", { name: "Assign to me" }).click();
    await expect(page.getByRole("button", { name: "Unassign" })).toBeVisible(slow);
    await page.getByRole("button", { name: "Write off the rest" }).click();
    const propose = page.getByRole("dialog", { name: "Write off the rest" });
    await expect(propose.getByLabel("Money effect")).toContainText("WRITE_OFF document");
    await expect(propose.getByLabel("Money effect")).toContainText("Four-eyes");
    await propose.getByLabel("Note (optional)").fill("Debtor insolvent; the creditor agrees (e2e)");
    await propose.getByRole("button", { name: "Propose for approval" }).click();
    await expect(propose).toBeHidden(slow);
    await expect(page.getByText(/proposed by Olivia Operator/)).toBeVisible(slow);
    await expect(page.getByText("You proposed this")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
    await settled(page);
    await shot("workbench-item-proposed");

    // Finance approves (a different person with the role).
    await page.context().clearCookies();
    await signIn("finance@clearbook.test");
    await page.goto("/backoffice/work-items?pending=1");
    await expect(page.getByRole("table", { name: "Work items" }).getByText("Pending approval").first()).toBeVisible();
    await page.goto(`/backoffice/work-items/${item!.id}`);
    await page.getByRole("button", { name: "Approve" }).click();
    const approve = page.getByRole("dialog", { name: /Approve/ });
    await expect(approve.getByLabel("Money effect")).toContainText("WRITE_OFF document");
    await approve.getByRole("button", { name: "Approve and apply" }).click();
    await expect(approve).toBeHidden(slow);
    await expect(page.getByText("Resolved").first()).toBeVisible();
    await expect(page.getByText("proposed by Olivia Operator, approved by Felix Finance")).toBeVisible(slow);
    await expect(page.getByRole("list", { name: "Item history" })).toContainText("Approved by Felix Finance");
    await settled(page);
    await shot("workbench-item-page");

    await page.goto(`/backoffice/placements/${item!.placement_id}`);
    await expect(page.getByText("Closed, uncollected").first()).toBeVisible();
    await page.goto(`/backoffice/audit?target=${item!.id}`);
    await expect(page.getByRole("table", { name: "Audit events" })).toContainText("work_item.resolved");

    await page.goto("/backoffice/scorecard");
    await expect(page.getByText("Auto-match rate")).toBeVisible();
    await expect(page.getByText("Opened and closed per week")).toBeVisible();
    await settled(page);
    await shot("workbench-scorecard");
  });
});
