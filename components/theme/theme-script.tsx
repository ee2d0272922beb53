import { themeScriptSource } from "./theme-store";

/**
 * Put inside <head> in the root layout. Runs synchronously while the HTML is
 * parsed, so the right theme is on <html> before the first paint (no flash).
 * <html> needs `suppressHydrationWarning` because this changes its class.
 */
export function ThemeScript() {
  return <script id="clearbook-theme-script" dangerouslySetInnerHTML={{ __html: themeScriptSource }} />;
}
