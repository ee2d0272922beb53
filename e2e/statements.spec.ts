import { createHash } from "node:crypto";
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { expect, settled, test } from "./fixtures";

test.describe("monthly statements", () => {
  test("a creditor opens a month's statement and downloads its PDF, the file the statement names", async ({
    page,
    signIn,
    seeded,
    shot,
  }) => {
    // The latest issued version of Northwind's latest month, as the database holds it.
    const [latest] = await queryRows<{
      id: string;
      number: string;
      version: number;
      pdf_sha256: string;
      closing: string;
    }>(
      seeded.db,
      sql`select s.id::text, s.number, s.version, s.pdf_sha256, s.summary->'sections'->0->'figures'->>'closing' as closing
        from statements s join creditors c on c.id = s.creditor_id
        where c.slug = 'northwind' order by s.period desc, s.version desc limit 1`,
    );
    expect(latest, "the demo seeds issued statements").toBeDefined();
    await signIn("admin@northwind.test");
    await page.goto("/statements");
    await settled(page);
    const months = page.getByRole("table", { name: "Statements by month" });
    await expect(months.getByRole("row")).not.toHaveCount(1);
    await expect(months).toContainText(latest!.number);
    await shot("statements-list");

    await months.getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`${latest!.number} v${latest!.version}`);
    await expect(page.getByTestId("summary-USD")).toContainText("Closing payable balance");
    const closing = Number(BigInt(latest!.closing)) / 100;
    await expect(page.getByTestId("summary-USD")).toContainText(
      closing.toLocaleString("en-US", { style: "currency", currency: "USD" }),
    );
    await expect(page.getByText(latest!.pdf_sha256)).toBeVisible();
    await expect(page.getByRole("list", { name: "Versions" })).toContainText("Version 1");
    await shot("statement-detail");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${latest!.number}-v${latest!.version}.pdf`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(latest!.pdf_sha256);
  });

  test("finance sees each creditor's month issued and tied out, and previews a month", async ({
    page,
    signIn,
    shot,
  }) => {
    await signIn("finance@clearbook.test");
    await page.goto("/backoffice/statements");
    await settled(page);
    const runs = page.getByRole("table", { name: /Statement runs for/ });
    await expect(runs.getByRole("row").filter({ hasText: "Northwind Supplies" })).toContainText("Issued");
    await expect(runs.getByText("Ties out to the cent").first()).toBeVisible();
    await shot("backoffice-statements");
    await runs
      .getByRole("row")
      .filter({ hasText: "Harbor Medical Group" })
      .getByRole("button", { name: "Preview" })
      .click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Ties out to the cent");
    await expect(dialog).toContainText("Closing payable balance");
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });
});
