import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UiKitDemo } from "./ui-kit-demo";

export const metadata: Metadata = {
  title: "UI kit (developer page)",
  robots: { index: false, follow: false },
};

/**
 * DEVELOPER PAGE: a visual check of every design-system component in both
 * themes. Not part of the product and not linked from it. Available in
 * development; in a production build only when CLEARBOOK_UI_KIT=1.
 */
export default function UiKitPage() {
  if (process.env.NODE_ENV === "production" && process.env.CLEARBOOK_UI_KIT !== "1") notFound();
  return <UiKitDemo />;
}
