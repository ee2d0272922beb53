import type { Metadata } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "@/components/theme/theme-provider";
import { Toaster } from "@/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Clearbook", template: "%s · Clearbook" },
};

/**
 * Reading the request's nonce (proxy.ts) renders every page per request, which a nonce policy needs:
 * a page built ahead of time would carry no nonce and the browser would refuse its scripts.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the `dark` class on <html> before paint (its inline script carries the nonce).
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <ThemeProvider nonce={nonce}>{children}</ThemeProvider>
        <Toaster />
      </body>
    </html>
  );
}
