import { expect, test } from "./fixtures";

/**
 * Issue 18 against the built app (`next build` + `next start`): security headers with a nonce
 * Content-Security-Policy the pages really run under (any refused script is a console error, which
 * fails the test), CSRF refused cross-origin and allowed same-origin, and the edges that used to
 * answer 500.
 */
test.describe("security", () => {
  test("pages carry a nonce CSP (no unsafe-eval) and the other headers, and still work under it", async ({
    page,
    request,
  }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const csp = first.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const h = first.headers();
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["strict-transport-security"]).toMatch(/^max-age=\d+/);
    // Every script Next wrote carries this response's nonce.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);

    // The real thing in Chromium: sign in through the form and land on a hydrated page (the
    // browserErrors fixture fails the test on any "Refused to execute" console error).
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@northwind.test");
    await page.getByLabel("Password").fill("clearbook-demo");
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page).toHaveURL(/\/overview/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });

  test("API answers allow nothing to run or frame them", async ({ request }) => {
    const res = await request.get("/v1/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("a tRPC mutation from another origin is refused; the same call from the app's origin reaches the procedure", async ({
    page,
    signIn,
    baseURL,
  }) => {
    await signIn("admin@northwind.test");
    // An invalid placement: the procedure answers 400 if the call gets through, so nothing is written either way.
    const call = (headers: Record<string, string>) =>
      page.request.post("/api/trpc/placements.create", {
        headers: { "content-type": "application/json", ...headers },
        data: { json: { invoiceNumber: "", invoiceAmount: "0", currency: "X", dueDate: "x", debtorName: "" } },
      });
    const sibling = await call({ origin: "https://evil.clearbook.example", "sec-fetch-site": "same-site" });
    expect(sibling.status()).toBe(403);
    const foreign = await call({ origin: "https://evil.example" });
    expect(foreign.status()).toBe(403);
    const own = await call({ origin: new URL(baseURL!).origin, "sec-fetch-site": "same-origin" });
    expect(own.status()).toBe(400);
  });

  test("edges that used to answer 500: a newline in callbackUrl, /api/inngest without Inngest", async ({ request }) => {
    for (const path of [
      "/sign-in?callbackUrl=%2F%0D%0ASet-Cookie%3A%20x%3D1",
      "/api/auth/signin?callbackUrl=%2Fa%0Ab",
    ]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
      expect(res.headers()["set-cookie"] ?? "").not.toContain("x=1");
    }
    const inngest = await request.get("/api/inngest");
    expect(inngest.status()).toBe(404);
  });

  test("TRACE on the production server: /v1 a JSON 405 with Allow, a page a plain 405", async ({ request }) => {
    const v1 = await request.fetch("/v1/placements", { method: "TRACE" });
    expect(v1.status()).toBe(405);
    expect(v1.headers()["allow"]).toContain("GET");
    expect(v1.headers()["content-type"]).toContain("json");
    const page = await request.fetch("/sign-in", { method: "TRACE" });
    expect(page.status()).toBe(405);
    expect(page.headers()["allow"]).toBe("GET, HEAD, POST");
  });
});
