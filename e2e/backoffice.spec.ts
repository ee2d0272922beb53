import { sql } from "drizzle-orm";
import { queryRows } from "@/db/rows";
import { expect, PASSWORD, settled, test } from "./fixtures";

test.describe("back-office", () => {
  test("an operator signs in and cannot change a contingency rate; an admin changes it and the audit log shows it", async ({
    page,
    signIn,
    shot,
  }) => {
    // Through the sign-in form once, as a person would.
    await page.goto("/backoffice/creditors");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("Email").fill("operator@clearbook.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/backoffice\/creditors/);
    await expect(page.getByRole("table", { name: "Creditors" })).toBeVisible();
    await shot("backoffice-creditors");

    await page.getByRole("link", { name: "Northwind Supplies" }).click();
    await expect(page.getByRole("heading", { name: "Northwind Supplies" })).toBeVisible();
    await settled(page);
    const rowsBefore = await page.getByTestId("rate-row").count();
    // Only an agency admin changes contingency rates: the operator has no button.
    await expect(page.getByRole("button", { name: "Change rate" })).toHaveCount(0);
    await signIn("admin@clearbook.test");
    await page.reload();
    await settled(page);
    await page.getByRole("button", { name: "Change rate" }).click();
    const dialog = page.getByRole("dialog", { name: "Change contingency rate" });
    await dialog.getByRole("button", { name: "Save rate" }).click();
    await expect(dialog.getByText("Say why the rate changes")).toBeVisible();
    await dialog.getByLabel("New rate (%)").fill("21.5");
    await dialog.getByLabel("Reason").fill("Volume tier renegotiated (e2e)");
    await dialog.getByRole("button", { name: "Save rate" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/contingency rate 21\.5%/)).toBeVisible();
    await expect(page.getByTestId("rate-row")).toHaveCount(rowsBefore + 1);
    // The card's eight latest events are no proof: right after the server starts, the writeback job
    // posts Northwind's seeded payments to the QuickBooks double, one audit event each. The audit
    // log, filtered by action, is (below).
    await expect(page.getByTestId("creditor-audit-row").first()).toBeVisible();
    await shot("backoffice-creditor-detail");

    await page.goto("/backoffice/audit?action=creditor.rate_changed");
    const log = page.getByRole("table", { name: "Audit events" });
    await expect(log.locator("tbody tr").first()).toContainText("creditor.rate_changed");
    await expect(log.locator("tbody tr").first()).toContainText("Agency Admin");
    await expect(log.locator("tbody tr").first()).toContainText("toBps: 2150");
    await shot("backoffice-audit");
  });

  test("staff see the queue, payments, and a placement's ledger", async ({ page, signIn, seeded, shot }) => {
    await signIn("finance@clearbook.test");
    await page.goto("/backoffice/work-items");
    await expect(page.getByRole("table", { name: "Work items" })).toBeVisible();
    await shot("backoffice-work-items");
    await page.goto("/backoffice/payments");
    await expect(page.getByRole("table", { name: "Payments" })).toBeVisible();
    await shot("backoffice-payments");
    await page.goto("/backoffice/placements");
    await expect(page.getByRole("table", { name: "Placements" })).toBeVisible();
    await shot("backoffice-placements");
    await page.goto("/backoffice/jobs");
    await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
    await expect(page.getByRole("cell", { name: /Stripe parked events/ })).toBeVisible();
    await shot("backoffice-jobs");

    const [withEntries] = await queryRows<{ id: string; entries: number }>(
      seeded.db,
      sql`select placement_id as id, count(distinct entry_id)::int as entries from postings where placement_id is not null group by placement_id order by count(distinct entry_id) desc limit 1`,
    );
    await page.goto(`/backoffice/placements/${withEntries!.id}`);
    await expect(page.getByRole("list", { name: "Timeline" })).toBeVisible();
    await shot("backoffice-placement-timeline");
    await page.getByRole("link", { name: "Ledger" }).click();
    await expect(page.getByTestId("journal-entry")).toHaveCount(withEntries!.entries);
    await expect(page.getByText("Unbalanced")).toHaveCount(0);
    await shot("backoffice-placement-ledger");
  });

  test("an unknown creditor or placement answers 404 inside the back-office", async ({ page, signIn, shot }) => {
    await signIn("operator@clearbook.test");
    const unknownId = "00000000-0000-4000-8000-000000000000";
    for (const url of [
      `/backoffice/creditors/${unknownId}`,
      "/backoffice/creditors/not-a-creditor-id",
      `/backoffice/placements/${unknownId}`,
      `/backoffice/placements/${unknownId}/ledger`,
      "/backoffice/placements/not-a-placement-id",
      "/backoffice/stripe-events/evt_never_received",
      "/backoffice/no-such-page",
    ]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByText("Not found", { exact: true }), url).toBeVisible();
    }
    await expect(page.getByRole("navigation").getByRole("link", { name: "Creditors" })).toBeVisible();
    await shot("backoffice-not-found");
  });

  test("an agency admin invites staff and a creditor's first administrator, and changes a colleague's role", async ({
    page,
    signIn,
    shot,
  }) => {
    const stamp = Date.now();
    await signIn("admin@clearbook.test");
    await page.goto("/backoffice/people");
    const staff = page.getByRole("table", { name: "Agency staff" });
    await expect(staff.getByRole("row").filter({ hasText: "Agency Admin" })).toContainText("You");
    // Every colleague's role can be changed from here, but not one's own (the header row and "You" have none).
    await expect(staff.getByRole("row").filter({ hasText: "Agency Admin" }).getByRole("combobox")).toHaveCount(0);
    await expect(staff.getByRole("combobox")).toHaveCount((await staff.getByRole("row").count()) - 2);

    const invite = async (button: string, dialogName: string, name: string, email: string) => {
      await page.getByRole("button", { name: button }).first().click();
      const dialog = page.getByRole("dialog", { name: dialogName });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByLabel("Email").fill(email);
      await dialog.getByRole("button", { name: "Send invitation" }).click();
      await expect(dialog).toBeHidden();
    };
    const staffEmail = `sam-${stamp}@clearbook.test`;
    await invite("Invite staff", "Invite agency staff", "Sam Staff", staffEmail);
    const staffRow = page.getByTestId("invitation-row").filter({ hasText: staffEmail });
    await expect(staffRow).toHaveAttribute("data-status", "pending");
    await expect(staffRow).toContainText("Agency staff");
    await expect(staffRow).toContainText("Operator");

    const felix = staff.getByRole("combobox", { name: "Role of Felix Finance" });
    await expect(felix).toHaveText("Finance");
    for (const role of ["Operator", "Finance"]) {
      await felix.click();
      await page.getByRole("option", { name: role }).click();
      await expect(felix).toHaveText(role);
    }
    await shot("backoffice-people");

    await page.goto("/backoffice/creditors");
    await page.getByRole("link", { name: "Northwind Supplies" }).click();
    await expect(page.getByRole("heading", { name: "Northwind Supplies" })).toBeVisible();
    await settled(page);
    const adminEmail = `avery-${stamp}@northwind.test`;
    await invite("Invite someone", "Invite someone to Northwind Supplies", "Avery Admin", adminEmail);
    await page.goto("/backoffice/people");
    const adminRow = page.getByTestId("invitation-row").filter({ hasText: adminEmail });
    await expect(adminRow).toHaveAttribute("data-status", "pending");
    await expect(adminRow).toContainText("Northwind Supplies");
    await expect(adminRow).toContainText("Administrator");
  });
});
