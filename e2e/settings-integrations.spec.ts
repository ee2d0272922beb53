import { expect, settled, test } from "./fixtures";
import { deliverStripeEvent } from "./stripe-events";

/**
 * A creditor's ways in and out: a placement CSV import (which lets a payment that arrived before
 * its invoice be applied to it), the QuickBooks connection and sync log (writebacks to the
 * QuickBooks TEST DOUBLE that e2e/serve.ts runs), and API keys for /v1. Runs after the portal
 * journey (which compares Northwind's figures with the seeded ledger): it adds a Northwind payment.
 */
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36).toUpperCase();
const invoice = `NW-E2E-${stamp}`;

test("a payment that arrived before its invoice is applied when the creditor imports the invoice, and QuickBooks hears of it", async ({
  page,
  signIn,
  shot,
}) => {
  test.setTimeout(300_000);
  // 1. A debtor pays the invoice by card before Northwind has placed it (signed payment_intent.succeeded).
  const pi = {
    id: `pi_e2e_early_${stamp}`,
    object: "payment_intent",
    amount: 12_345,
    amount_received: 12_345,
    currency: "usd",
    status: "succeeded",
    latest_charge: `ch_e2e_early_${stamp}`,
    description: `Invoice ${invoice}`,
    metadata: {},
    created: Math.floor(Date.now() / 1000),
    livemode: false,
  };
  expect(
    await deliverStripeEvent(page.request, {
      id: `evt_e2e_early_${stamp}`,
      type: "payment_intent.succeeded",
      object: pi,
    }),
  ).toBe(200);

  // Staff see the event in the Stripe event log.
  await signIn("operator@clearbook.test");
  await page.goto(`/backoffice/stripe-events?q=evt_e2e_early_${stamp}`);
  await settled(page);
  await expect(page.getByText(`evt_e2e_early_${stamp}`)).toBeVisible();
  await page.getByRole("link", { name: `evt_e2e_early_${stamp}` }).click();
  await expect(page.getByText("payment_intent.succeeded").first()).toBeVisible();
  await shot("backoffice-stripe-event");

  // 2. Northwind imports the invoice from a CSV: preview, then all rows at once.
  await signIn("admin@northwind.test");
  await page.goto("/placements/import");
  await settled(page);
  const csv = `invoice_number,invoice_amount,currency,due_date,debtor_name,debtor_email,qbo_invoice_id\n${invoice},500.00,USD,2026-10-31,Early Payer Ltd,ap@early-payer.example,\n`;
  await page
    .locator("#csv-file")
    .setInputFiles({ name: "placements.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByText("1 ready")).toBeVisible();
  await shot("portal-placement-import-preview");
  await page.getByRole("button", { name: "Import 1 invoices" }).click();
  await expect(page.getByText("1 invoices placed")).toBeVisible();

  // 3. The matching upkeep (nudged by the import) applies the waiting payment to the new placement.
  await expect(async () => {
    await page.goto(`/remittances?q=${encodeURIComponent(invoice)}`);
    await expect(page.getByRole("table", { name: "Remittances" })).toContainText("123.45", { timeout: 3_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  await shot("portal-remittance-after-rematch");

  // 4. QuickBooks: connected to the double; the sync log lists the writeback of that payment. The
  //    invoice exists only in Clearbook, so QuickBooks cannot take it, and the log says why.
  await page.goto("/settings/integrations/quickbooks");
  await settled(page);
  await expect(page.getByText("Connected").first()).toBeVisible();
  await page.getByRole("link", { name: "Sync log" }).click();
  await expect(page).toHaveURL(/sync-log/);
  await expect(async () => {
    await page.goto(`/settings/integrations/quickbooks/sync-log?q=${encodeURIComponent(invoice)}`);
    await expect(page.getByRole("table", { name: "Writebacks" })).toContainText(
      `No QuickBooks invoice has the number ${invoice}`,
      { timeout: 3_000 },
    );
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await shot("portal-qbo-sync-log");
  // Writebacks of seeded payments reached the double.
  await page.goto("/settings/integrations/quickbooks/sync-log?status=posted");
  await expect(page.getByRole("table", { name: "Writebacks" }).getByText("Posted").first()).toBeVisible();
});

test("a creditor admin creates an API key, reads /v1 with it, and revokes it", async ({
  page,
  request,
  signIn,
  shot,
}) => {
  await signIn("admin@northwind.test");
  await page.goto("/settings/api-keys");
  await settled(page);
  const name = `E2E ledger sync ${stamp}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  // The secret, shown once (the table shows only each key's prefix).
  const shown = page.locator("code").filter({ hasText: /^cb_live_[0-9a-f]+_[\w-]+$/ });
  await expect(shown).toBeVisible();
  const secret = (await shown.textContent())!.trim();
  await shot("portal-api-key-created");

  // Playwright's own request context: the key alone, without the browser's session cookie.
  const call = () => request.get("/v1/placements?limit=1", { headers: { authorization: `Bearer ${secret}` } });
  const ok = await call();
  expect(ok.status()).toBe(200);
  expect(((await ok.json()) as { data: unknown[] }).data).toHaveLength(1);

  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row.getByText(/^Revoked/)).toBeVisible();
  expect((await call()).status()).toBe(401);
});
