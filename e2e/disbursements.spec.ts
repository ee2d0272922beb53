import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { DEMO_BANK_IBAN } from "@/db/seed/bank";
import { previewRun } from "@/server/services/disbursements/runs";
import { buildCamt053 } from "@/server/testing/camt053";
import { expect, settled, test } from "./fixtures";
import { e2ePaths } from "./paths";
import { deliverStripeEvent } from "./stripe-events";

/**
 * Paying creditors and proving the cash: finance proposes a run, a second finance person approves
 * it (the proposer cannot), the transfer goes to the Stripe TEST DOUBLE, the payment is settled in
 * a Stripe payout (signed payout.paid webhook, balance transactions fetched from the double), the
 * bank statement holding both is imported, and the placement timeline shows the payment bank-confirmed.
 */
test.describe.configure({ mode: "serial" });

test("a disbursement run with four-eyes, a Stripe transfer, a payout and the bank statement that proves them", async ({
  page,
  signIn,
  seeded,
  shot,
}) => {
  test.setTimeout(720_000);
  const [north] = await queryRows<{ id: string; name: string }>(
    seeded.db,
    sql`select id, name from creditors where slug = 'northwind'`,
  );
  const [payment] = await queryRows<{ id: string; charge_id: string; amount: string; placement_id: string }>(
    seeded.db,
    sql`select pa.id, pa.charge_id, pa.amount::text, pa.placement_id from payment_attempts pa
      where pa.creditor_id = ${north!.id} and pa.status = 'succeeded' and pa.charge_id is not null
      order by pa.received_at desc limit 1`,
  );
  const cutoff = new Date(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) + 86_400_000);
  const plan = (await previewRun(seeded.db, { creditorIds: [north!.id], cutoff })).lines.find(
    (l) => l.currency === "USD",
  )!.plan;
  if (plan.outcome !== "pay") throw new Error("the demo book should owe Northwind money");

  // 1. Finance proposes the run after previewing it.
  await signIn("finance@clearbook.test");
  await page.goto("/backoffice/payables");
  await expect(page.getByRole("table", { name: "Payables" })).toBeVisible();
  await shot("backoffice-payables");
  await page.goto("/backoffice/disbursements/new");
  await page.getByRole("checkbox", { name: north!.name }).click();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("run-line").first()).toContainText(north!.name);
  await shot("backoffice-run-preview");
  await page.getByRole("button", { name: "Propose this run" }).click();
  await expect(page).toHaveURL(/\/backoffice\/disbursements\/runs\//);
  const runUrl = page.url();
  // The proposer cannot approve.
  await page.getByRole("button", { name: "Approve run" }).click();
  await expect(page.getByText(/second finance person must approve/).first()).toBeVisible();

  // 2. A second finance person approves; the transfer goes to the Stripe double.
  await page.context().clearCookies();
  await signIn("finance2@clearbook.test");
  await page.goto(runUrl);
  await page.getByRole("button", { name: "Approve run" }).click();
  await expect(page.getByText("Run approved: money moves now")).toBeVisible();
  await shot("backoffice-run-approved");
  await page.getByRole("link", { name: north!.name }).click();
  await expect(page).toHaveURL(/\/backoffice\/disbursements\/[0-9a-f-]{36}$/);
  // The approval nudges the transfer job, which sends it within a second or two. The page loads its
  // data after hydration, so each look waits for the card to show before reading it (reading at
  // once saw the loading skeleton, again and again: that was the minutes this wait once took).
  let transferId = "";
  await expect(async () => {
    await page.reload();
    await expect(page.locator("main")).toContainText(/transfer tr_[0-9a-f]+/, { timeout: 10_000 });
    const text = (await page.locator("main").textContent()) ?? "";
    transferId = /transfer (tr_[0-9a-f]+)/.exec(text)?.[1] ?? "";
    expect(transferId).not.toBe("");
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await shot("backoffice-disbursement-sent");

  // 3. Stripe pays the payment out to the agency's bank (payout.paid, signed), the job lists its balance transactions.
  const { url: doubleUrl } = JSON.parse(
    fs.readFileSync(path.join(e2ePaths().runDir, "stripe-double.json"), "utf8"),
  ) as { url: string };
  const payout = (await (
    await fetch(`${doubleUrl}/__double/payouts`, {
      method: "POST",
      body: JSON.stringify({ items: [{ source: payment!.charge_id, amount: Number(payment!.amount) }] }),
    })
  ).json()) as { id: string; amount: number; created: number };
  expect(
    await deliverStripeEvent(page.request, { id: `evt_e2e_${payout.id}`, type: "payout.paid", object: payout }),
  ).toBe(200);
  // The in-process runner's stripePayouts job (every minute) lists the payout's balance transactions.
  await expect(async () => {
    await page.goto(`/backoffice/payments/${payment!.id}`);
    await expect(page.locator("[data-cash-state='settled']")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await shot("backoffice-payment-settled");

  // 4. The bank statement with the payout arriving and the transfer leaving is imported and matched.
  const today = new Date().toISOString().slice(0, 10);
  const statement = buildCamt053({
    iban: DEMO_BANK_IBAN,
    currency: "USD",
    opening: 1_000_000n,
    entries: [
      { amount: BigInt(payout.amount), bookingDate: today, reference: "E2E-1", text: `STRIPE PAYOUT ${payout.id}` },
      { amount: -plan.amount, bookingDate: today, reference: "E2E-2", text: `CONNECT TRANSFER ${transferId}` },
    ],
  });
  await page.goto("/backoffice/bank");
  await page
    .getByLabel("Statement file")
    .setInputFiles({ name: "statement.xml", mimeType: "application/xml", buffer: Buffer.from(statement) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Imported 2 new of 2 lines")).toBeVisible();
  await settled(page);
  await shot("backoffice-bank");

  // 5. The placement timeline shows the payment bank-confirmed; the overview and the payment page agree.
  await page.goto(`/backoffice/placements/${payment!.placement_id}`);
  await expect(page.locator("[data-cash-state='bank_confirmed']").first()).toBeVisible();
  await shot("backoffice-placement-bank-confirmed");
  await page.goto(`/backoffice/payments/${payment!.id}`);
  await expect(page.locator("[data-cash-state='bank_confirmed']")).toBeVisible();
  await page.goto("/backoffice/overview");
  await expect(page.getByText("Collected but not yet bank-confirmed")).toBeVisible();
  await shot("backoffice-overview");
  await page.goto("/backoffice/disbursements");
  await expect(page.getByRole("table", { name: "Disbursements" })).toContainText("Bank-confirmed");
});

test("the creditor sees that payout in the portal, with the rows it paid", async ({ page, signIn, shot }) => {
  await signIn("admin@northwind.test");
  await page.goto("/payouts");
  await expect(page.getByTestId("payout").first()).toContainText("Bank-confirmed");
  await expect(page.getByRole("table", { name: "Rows this payout paid" }).first()).toBeVisible();
  await shot("portal-payouts");
});
