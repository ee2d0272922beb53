import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { connect, type DbHandle } from "@/db/client";
import { e2ePaths } from "./paths";

export const PASSWORD = "clearbook-demo";
// Playwright runs from the project root (where playwright.config.ts is).
const SCREENSHOTS = path.resolve("test-results/screenshots");

type Fixtures = {
  /** Fails the test on any uncaught browser error or hydration mismatch (auto: every test gets it). */
  browserErrors: void;
  /** Sign in through the Auth.js credentials endpoint (fast, no form); the page keeps the session cookie. */
  signIn: (email: string) => Promise<void>;
  /** Full-page screenshot kept under test-results/screenshots/<name>.png; the page is axe-checked first. */
  shot: (name: string) => Promise<void>;
  /**
   * Accessibility (auto: every test gets it): `shot` and `a11y.check` run axe on the page as it is,
   * and the test fails at its end on any serious or critical violation found on any of its pages.
   */
  a11y: { check: (label: string) => Promise<void> };
};

type WorkerFixtures = {
  /** The seeded database as the server started with it (a copy: PGlite is single-process). */
  seeded: DbHandle;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
  seeded: [
    async ({}, provide) => {
      const handle = await connect({ driver: "pglite", dataDir: e2ePaths().snapshotDir });
      await provide(handle);
      await handle.close();
    },
    { scope: "worker" },
  ],
  browserErrors: [
    async ({ page }, provide) => {
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource"))
          errors.push(`console: ${msg.text()}`);
      });
      await provide();
      expect(errors, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
  signIn: async ({ page }, provide) => {
    await provide(async (email) => {
      const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await page.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email, password: PASSWORD, redirect: "false" },
        maxRedirects: 0,
      });
      expect(res.status(), `sign-in of ${email}`).toBeLessThan(400);
      const cookies = await page.context().cookies();
      expect(
        cookies.some((c) => c.name.includes("session-token")),
        `session cookie for ${email}`,
      ).toBe(true);
    });
  },
  a11y: [
    async ({ page }, provide) => {
      const found: string[] = [];
      const checked = new Set<string>();
      const check = async (label: string) => {
        const url = page.url();
        if (!/^https?:/.test(url)) return;
        // Check the page at rest: rows dimmed while a list refetches are a passing state, not the page.
        await expect(page.locator("[aria-busy='true']"))
          .toHaveCount(0, { timeout: 15_000 })
          .catch(() => undefined);
        // Toasts are transient and stack dimmed behind the newest while they fade: checked, they fail
        // contrast by timing alone (a second toast mid-fade did once), so the toaster is left out.
        const results = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .exclude("[data-sonner-toaster]")
          .analyze();
        for (const v of results.violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          const key = `${new URL(url).pathname}|${v.id}`;
          if (checked.has(key)) continue;
          checked.add(key);
          const where = v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join("; ");
          found.push(`${label} (${new URL(url).pathname}): ${v.impact} ${v.id} — ${v.help} [${where}]`);
        }
      };
      await provide({ check });
      // The page the journey ended on, too.
      if (!page.isClosed()) await check("last page").catch(() => undefined);
      expect(found, "serious or critical accessibility violations (axe)").toEqual([]);
    },
    { auto: true },
  ],
  shot: async ({ page, a11y }, provide) => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await provide(async (name) => {
      await page.waitForLoadState("networkidle");
      await a11y.check(name);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    });
  },
});

export { expect };

/** Wait until the page's main content is on screen (not a loading skeleton). */
export async function settled(page: Page) {
  await expect(page.locator("main [aria-busy='true']")).toHaveCount(0);
}
