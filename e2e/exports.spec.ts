import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { queryRows } from "@/db/rows";
import { expect, settled, test } from "./fixtures";

test.describe("exports and webhooks", () => {
  test("a creditor clicks Export on Remittances, sees the export progress, and downloads the file", async ({
    page,
    signIn,
    seeded,
    shot,
  }) => {
    const [northwind] = await queryRows<{ id: string; currency: string }>(
      seeded.db,
      sql`select id, default_currency as currency from creditors where slug = 'northwind'`,
    );
    const [expected] = await queryRows<{ n: number; net: string }>(
      seeded.db,
      sql`select count(*)::int as n, coalesce(sum(net_remit_amount), 0)::text as net from remittances
          where creditor_id = ${northwind!.id} and currency = ${northwind!.currency} and status = 'cleared'`,
    );
    await signIn("admin@northwind.test");
    await page.goto(`/remittances?currency=${northwind!.currency}&status=cleared`);
    await settled(page);
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByRole("menuitem", { name: "CSV (Excel-ready)" }).click();
    await expect(page).toHaveURL(/\/exports\?highlight=/);
    const table = page.getByRole("table", { name: "Exports" });
    const row = table.getByRole("row").nth(1);
    await expect(row.getByRole("progressbar")).toBeVisible();
    await expect(row).toContainText(/Remittances · CSV/);
    await expect(row).toContainText(`status: cleared`);
    await shot("portal-exports-progress");
    const download = row.getByRole("link", { name: "Download" });
    await expect(download).toBeVisible({ timeout: 90_000 });
    await expect(row).toContainText("Succeeded");
    await expect(row).toContainText(
      `${expected!.n.toLocaleString("en-US")} of ${expected!.n.toLocaleString("en-US")} rows`,
    );
    await shot("portal-exports-done");
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    const text = (await (await file.createReadStream()).toArray()).map((c: Buffer) => c.toString("utf8")).join("");
    const rows = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(expected!.n);
    expect(rows.reduce((s, r) => s + BigInt(r.net_remit_amount_minor!), 0n)).toBe(BigInt(expected!.net));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["cleared"]));
  });

  test("a creditor admin adds a webhook endpoint, sends a test event that verifies, and reads the delivery log", async ({
    page,
    signIn,
    shot,
  }) => {
    const received: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        res.writeHead(200).end("thanks");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      await signIn("admin@northwind.test");
      await page.goto("/settings/webhooks");
      await settled(page);
      await page.getByLabel("Endpoint URL").fill(url);
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent())!;
      expect(secret).toMatch(/^whsec_/);
      const card = page.locator("[data-slot=card]", { hasText: url });
      await card.getByRole("button", { name: "Send test event" }).click();
      await expect(card.getByRole("table", { name: "Deliveries" })).toContainText("succeeded");
      await shot("portal-webhooks");
      expect(received).toHaveLength(1);
      const event = new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>);
      expect(event).toMatchObject({ type: "webhook.test", data: { object: "test" } });
    } finally {
      server.close();
    }
  });

  test("finance requests an agency-wide ledger export in the back-office", async ({ page, signIn, shot }) => {
    await signIn("finance@clearbook.test");
    await page.goto("/backoffice/exports");
    await settled(page);
    await page.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "Ledger postings" }).click();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const row = page.getByRole("table", { name: "Exports" }).getByRole("row").nth(1);
    await expect(row).toContainText("Ledger · CSV");
    await expect(row.getByRole("link", { name: "Download" })).toBeVisible({ timeout: 90_000 });
    await shot("backoffice-exports");
  });
});
