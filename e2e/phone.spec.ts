import { devices, type Page } from "@playwright/test";
import { expect, settled, test } from "./fixtures";

/**
 * The work queue and the remittances on a phone (390 × 844, touch): rows are cards with every
 * column labelled, nothing runs off the side, filters keep their values. Screenshots are kept
 * under test-results/screenshots/phone-*.png.
 */
const { defaultBrowserType: _browser, ...iPhone } = devices["iPhone 13"];
test.use({ ...iPhone, viewport: { width: 390, height: 844 } });

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("an operator works the queue on a phone", async ({ page, signIn, shot }) => {
  await signIn("operator@clearbook.test");
  await page.goto("/backoffice/work-items");
  await settled(page);
  const cards = page.getByRole("list", { name: "Work items" });
  await expect(cards).toBeVisible();
  await expect(page.getByRole("table", { name: "Work items" })).toBeHidden();
  const first = cards.getByTestId("data-card").first();
  await expect(first).toBeVisible();
  // Every column is on the card, labelled (status, owner, action are no longer off-screen).
  expect(await first.locator("dt").count()).toBeGreaterThan(2);
  expect(await pageWidth(page), "the queue fits a phone").toBeLessThanOrEqual(390);
  const box = await first.boundingBox();
  expect(box!.height, "a card is a card, not a 4,700 px column").toBeLessThan(600);
  await shot("phone-work-queue");
});

test("a creditor reads and filters remittances on a phone", async ({ page, signIn, shot }) => {
  await signIn("admin@northwind.test");
  await page.goto("/remittances");
  await settled(page);
  const cards = page.getByRole("list", { name: "Remittances" });
  await expect(cards.getByTestId("data-card").first()).toBeVisible();
  expect(await pageWidth(page), "remittances fit a phone").toBeLessThanOrEqual(390);
  await shot("phone-remittances");

  // A filter keeps its value and the list follows it.
  await page.getByRole("combobox", { name: "Statuses" }).click();
  await page.getByRole("option", { name: "Reversed" }).click();
  await expect(page).toHaveURL(/status=reversed/);
  await expect(page.getByRole("combobox", { name: "Statuses" })).toHaveText("Reversed");
  await expect(cards.getByTestId("data-card").first()).toBeVisible();
  await expect(cards).not.toHaveAttribute("aria-busy", "true");
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await shot("phone-remittances-reversed");

  // A remittance opens its own page, readable on a phone.
  await cards
    .getByTestId("data-card")
    .first()
    .getByRole("link", { name: /^Remittance / })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Remittance");
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await shot("phone-remittance-detail");
});

test("staff filter remittances across creditors on a phone", async ({ page, signIn, shot }) => {
  await signIn("finance@clearbook.test");
  await page.goto("/backoffice/remittances?creditor=");
  await settled(page);
  await page.getByRole("combobox", { name: "Creditors" }).click();
  await page.getByRole("option", { name: "Harbor Medical Group" }).click();
  await expect(page.getByRole("combobox", { name: "Creditors" })).toHaveText("Harbor Medical Group");
  await page.reload();
  // After a reload the filter still names the creditor from the first paint.
  await expect(page.getByRole("combobox", { name: "Creditors" })).toHaveText("Harbor Medical Group");
  await expect(page.getByRole("list", { name: "Remittances" }).getByTestId("data-card").first()).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await shot("phone-backoffice-remittances");
});
