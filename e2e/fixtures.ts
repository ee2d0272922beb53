import fs from "node:fs";
import path from "node:path";
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
  /** Full-page screenshot kept under test-results/screenshots/<name>.png. */
  shot: (name: string) => Promise<void>;
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
  shot: async ({ page }, provide) => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await provide(async (name) => {
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    });
  },
});

export { expect };

/** Wait until the page's main content is on screen (not a loading skeleton). */
export async function settled(page: Page) {
  await expect(page.locator("main [aria-busy='true']")).toHaveCount(0);
}
