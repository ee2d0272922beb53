import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { expect, settled, test } from "./fixtures";

// The journeys share one demo book and run in file order: this one adds Northwind collections, so it
// runs after the portal journey, which compares Northwind's overview with the seeded ledger.

type Candidate = { placementId: string; invoiceNumber: string };

test.describe("matching", () => {
  test("an ambiguous payment split across two placements shows up as two remittance rows in the creditor's portal", async ({
    page,
    seeded,
    signIn,
    shot,
  }) => {
    // The demo book's payment naming two Northwind invoices: the cascade found both at rule 2 and applied neither.
    const [item] = await queryRows<{ id: string; evidence: { match: { candidates: Candidate[] } } }>(
      seeded.db,
      sql`select id, evidence from work_items where kind = 'ambiguous_payment' and evidence->>'externalId' = 'pi_demo_amb_1'`,
    );
    expect(item, "the demo book seeds an ambiguous payment").toBeDefined();
    const invoices = item!.evidence.match.candidates.map((c) => c.invoiceNumber);
    expect(invoices).toHaveLength(2);

    await signIn("operator@clearbook.test");
    await page.goto(`/backoffice/work-items/${item!.id}`);
    await expect(page.getByText("Match the payment", { exact: true })).toBeVisible();
    await expect(page.getByText(/rule 2: invoice number in the payment's text/).first()).toBeVisible();
    for (const inv of invoices) await page.getByRole("checkbox", { name: `Apply to ${inv}` }).click();
    // The default split is FIFO: the preview shows one remittance per placement, with fee and net.
    const preview = page.getByTestId("split-preview").first();
    await expect(preview.getByRole("row")).toHaveCount(4); // header, two parts, total
    await shot("matching-split-preview");
    await page.getByRole("button", { name: "Split across 2 placements" }).click();
    const dialog = page.getByRole("dialog", { name: "Apply the payment" });
    await expect(dialog.getByTestId("split-preview")).toBeVisible();
    await dialog.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Resolved").first()).toBeVisible();
    await settled(page);
    await shot("matching-item-resolved");

    await signIn("admin@northwind.test");
    for (const inv of invoices) {
      await page.goto(`/remittances?q=${encodeURIComponent(inv)}`);
      const table = page.getByRole("table", { name: "Remittances" });
      await expect(table.locator("tbody tr").filter({ hasText: inv })).toHaveCount(1);
    }
    await shot("matching-portal-remittances");
  });

  test("a possible duplicate: one payment refunded through Stripe after the preview of what it reverses", async ({
    page,
    seeded,
    signIn,
    shot,
  }) => {
    // The demo book's debtor who paid the same amount twice, six hours apart.
    const [item] = await queryRows<{ id: string }>(
      seeded.db,
      sql`select id from work_items where kind = 'possible_duplicate' and evidence::text like '%pi_demo_dup_b%'`,
    );
    expect(item, "the demo book seeds a possible duplicate").toBeDefined();
    await signIn("operator@clearbook.test");
    await page.goto(`/backoffice/work-items/${item!.id}`);
    await page.getByRole("button", { name: "Refund pi_demo_dup_b" }).click();
    const dialog = page.getByRole("dialog", { name: "Refund pi_demo_dup_b through Stripe" });
    await expect(dialog.getByRole("columnheader", { name: "Agency fee" })).toBeVisible();
    await expect(dialog.getByRole("row")).toHaveCount(2); // header, the one booked remittance
    await shot("duplicate-refund-preview");
    await dialog.getByLabel("Why is it refunded?").fill("The debtor paid twice by mistake (e2e)");
    await dialog.getByRole("button", { name: "Refund", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Resolved").first()).toBeVisible();
    await settled(page);
    await shot("duplicate-refunded");
  });
});
