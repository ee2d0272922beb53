import { themeScriptSource } from "./theme-store";

/**
 * Put inside <head> in the root layout. Runs synchronously while the HTML is
 * parsed, so the right theme is on <html> before the first paint (no flash).
 * <html> needs `suppressHydrationWarning` because this changes its class. `nonce`: the request's
 * Content-Security-Policy nonce (proxy.ts), without which the browser refuses to run it.
 */
export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script id="clearbook-theme-script" nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScriptSource }} />;
}
