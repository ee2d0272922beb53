import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { formatMoney } from "@/server/domain/money";
import { expect, settled, test } from "./fixtures";
import { ledgerFigures, ledgerOutstanding, ledgerPayable } from "./ledger-figures";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function creditorBySlug(db: Parameters<typeof queryRows>[0], slug: string) {
  const [row] = await queryRows<{ id: string; currency: string }>(
    db,
    sql`select id, default_currency as currency from creditors where slug = ${slug}`,
  );
  if (!row) throw new Error(`demo creditor ${slug} missing`);
  return row;
}

test.describe("creditor portal", () => {
  test("a creditor sees overview figures equal to the ledger's, each opening its rows", async ({
    page,
    signIn,
    seeded,
    shot,
  }) => {
    const northwind = await creditorBySlug(seeded.db, "northwind");
    const from = day(-365);
    const to = day(1);
    const [expected] = await ledgerFigures(seeded.db, northwind.id, from, to);
    const [outstanding] = await ledgerOutstanding(seeded.db, northwind.id);
    const [payable] = await ledgerPayable(seeded.db, northwind.id, from, to);
    expect(payable?.paidOut, "the demo book paid Northwind out").toBeGreaterThan(0n);
    expect(expected?.collected, "the demo book has collections").toBeGreaterThan(0n);

    await signIn("admin@northwind.test");
    await page.goto(`/overview?from=${from}&to=${to}`);
    await settled(page);
    const c = northwind.currency;
    await expect(page.getByTestId(`collected-${c}`)).toHaveText(formatMoney(expected!.collected, c));
    await expect(page.getByTestId(`fees-${c}`)).toHaveText(formatMoney(expected!.fees, c));
    // What is owed now and what was paid out are two figures, both from the ledger's payable account.
    // (A journey that ran before may have paid Northwind out since the snapshot: money moves from
    // "owed" to "paid out", so their sum is what the snapshot's ledger says, and paid out only grows.)
    const minor = async (id: string) => BigInt((await page.getByTestId(id).innerText()).replace(/[^0-9-]/g, ""));
    const [owedNow, paidOutNow] = [await minor(`owed-${c}`), await minor(`paid-out-${c}`)];
    expect(owedNow + paidOutNow, "owed + paid out").toBe(payable!.owed + payable!.paidOut);
    expect(paidOutNow).toBeGreaterThanOrEqual(payable!.paidOut);
    await expect(page.getByTestId(`outstanding-${c}`)).toHaveText(formatMoney(outstanding!.amount, c));
    await expect(page.locator("[data-slot=card-title]", { hasText: "Collections over time" })).toBeVisible();
    await shot("portal-overview-12-months");

    // The figure opens the rows behind it: remittances of the same period and currency.
    await page.getByRole("link", { name: /^Collected/ }).click();
    await expect(page).toHaveURL(new RegExp(`/remittances\\?currency=${c}&from=${from}&to=${to}`));
    await expect(page.getByRole("table", { name: "Remittances" }).getByRole("row")).not.toHaveCount(1);
    // The currency the figure was for shows in the toolbar, where it can be cleared.
    await expect(page.getByRole("combobox", { name: "Currencies" })).toHaveText(c);
    await shot("portal-remittances-filtered");

    await page.goto("/overview");
    await settled(page);
    await shot("portal-overview");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.evaluate(() => document.documentElement.classList.add("dark"));
    await shot("portal-overview-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => document.documentElement.classList.remove("dark"));
    await page.setViewportSize({ width: 390, height: 844 });
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await expect.poll(pageWidth, { message: "overview fits a phone" }).toBeLessThanOrEqual(390);
    await shot("portal-overview-mobile");
    await page.goto("/placements");
    // On a phone each row is a card, not a table squeezed or scrolled sideways.
    await expect(page.getByRole("list", { name: "Placements" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Placements" })).toBeHidden();
    expect(await pageWidth(), "placements fit a phone").toBeLessThanOrEqual(390);
    await shot("portal-placements-mobile");
    await page.goto("/remittances");
    await expect(page.getByRole("list", { name: "Remittances" })).toBeVisible();
    expect(await pageWidth(), "remittances fit a phone").toBeLessThanOrEqual(390);
    await page.goto("/settings/users");
    await expect(page.getByRole("table", { name: "People" })).toBeVisible();
    expect(await pageWidth(), "users & invitations fit a phone").toBeLessThanOrEqual(390);
    await shot("portal-settings-users-mobile");
  });

  test("a creditor finds a placement and reads its timeline, reversal linked to its parent", async ({
    page,
    signIn,
    seeded,
    shot,
  }) => {
    const northwind = await creditorBySlug(seeded.db, "northwind");
    const [reversed] = await queryRows<{ id: string; invoice: string }>(
      seeded.db,
      sql`select p.id, p.invoice_number as invoice from placements p join remittances r on r.placement_id = p.id
          where p.creditor_id = ${northwind.id} and r.status = 'reversed' order by p.invoice_number limit 1`,
    );
    expect(reversed, "the demo book has a reversal").toBeTruthy();

    await signIn("admin@northwind.test");
    await page.goto("/placements");
    const table = page.getByRole("table", { name: "Placements" });
    await expect(table).toBeVisible();
    await shot("portal-placements");
    // Headers sort on the server: due date, newest first, then oldest first.
    await table.getByRole("button", { name: "Due" }).click();
    await expect(page).toHaveURL(/[?&]sort=dueDate(&|$)/);
    await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
    await expect(table.getByRole("columnheader", { name: "Due" })).toHaveAttribute("aria-sort", "descending");
    await table.getByRole("button", { name: "Due" }).click();
    await expect(page).toHaveURL(/[?&]dir=asc(&|$)/);
    await expect(table.getByRole("columnheader", { name: "Due" })).toHaveAttribute("aria-sort", "ascending");
    await page.getByRole("searchbox").fill(reversed!.invoice);
    await expect(table.getByRole("link", { name: reversed!.invoice })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await table.getByRole("link", { name: reversed!.invoice }).click();

    await expect(page).toHaveURL(new RegExp(`/placements/${reversed!.id}$`));
    await expect(page.getByRole("heading", { name: `Invoice ${reversed!.invoice}` })).toBeVisible();
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline.getByText("Placed for collection")).toBeVisible();
    await expect(timeline.getByText(/^Payment received/).first()).toBeVisible();
    // In the creditor's words, and without our bookkeeping (accounting documents stay in the back-office).
    await expect(
      timeline.getByText(/^(Refunded to the debtor|Charged back by the debtor's bank)$/).first(),
    ).toBeVisible();
    await expect(timeline.getByText(/^Accounting document/)).toHaveCount(0);
    const parentLink = timeline.locator("li[data-kind='remittance']").getByRole("link").first();
    const parentHref = await parentLink.getAttribute("href");
    expect(parentHref).toMatch(/^#ev-/);
    await expect(page.locator(parentHref!)).toHaveAttribute("data-kind", "remittance");
    await shot("portal-placement-timeline");

    await page.goto("/remittances");
    await expect(page.getByRole("table", { name: "Remittances" })).toBeVisible();
    await shot("portal-remittances");
    await page.goto("/settings");
    await shot("portal-settings");
    await page.goto("/settings/users");
    await expect(page.getByRole("table", { name: "People" })).toBeVisible();
    await shot("portal-settings-users");
  });

  test("a creditor admin invites a colleague, then revokes the pending invitation (audited)", async ({
    page,
    signIn,
    shot,
  }) => {
    const email = `riley-${Date.now()}@northwind.test`;
    await signIn("admin@northwind.test");
    await page.goto("/settings/users");
    await expect(page.getByRole("table", { name: "People" })).toBeVisible();
    await page.getByRole("button", { name: "Invite someone" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Invite someone" });
    await dialog.getByLabel("Name").fill("Riley Rivera");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId("invitation-row").filter({ hasText: email });
    await expect(row).toHaveAttribute("data-status", "pending");
    await expect(row.getByText("Pending", { exact: true })).toBeVisible();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
    await expect(row).toHaveAttribute("data-status", "revoked");
    await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    await shot("portal-settings-invitations");

    // The agency sees who revoked it in the audit log.
    await page.context().clearCookies();
    await signIn("admin@clearbook.test");
    await page.goto(`/backoffice/audit?action=invitation.revoked`);
    const first = page.getByRole("table", { name: "Audit events" }).locator("tbody tr").first();
    await expect(first).toContainText("invitation.revoked");
    await expect(first).toContainText("Northwind Supplies admin");
    await expect(first).toContainText(email);
  });

  test("a creditor cannot open another creditor's placement by URL", async ({ page, signIn, seeded, shot }) => {
    const harbor = await creditorBySlug(seeded.db, "harbor-medical");
    const [theirs] = await queryRows<{ id: string }>(
      seeded.db,
      sql`select id from placements where creditor_id = ${harbor.id} limit 1`,
    );
    await signIn("admin@northwind.test");
    const response = await page.goto(`/placements/${theirs!.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Placement not found")).toBeVisible();
    await expect(page.locator("body")).not.toContainText("Harbor");
    await shot("portal-placement-not-found");

    // A malformed id and an address no route serves are 404s too, not 200 pages saying "not found".
    const malformed = await page.goto("/placements/not-a-placement-id");
    expect(malformed?.status()).toBe(404);
    await expect(page.getByText("Placement not found")).toBeVisible();
    const unknown = await page.goto("/no-such-page");
    expect(unknown?.status()).toBe(404);
    await expect(page.getByText("Page not found")).toBeVisible();
    // Inside the portal frame: the navigation stays.
    await expect(page.getByRole("link", { name: "Remittances" }).first()).toBeVisible();
    await shot("not-found");
  });
});
