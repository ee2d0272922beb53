import { notFound } from "next/navigation";

/**
 * Any address no page serves, for a signed-in creditor: a 404 inside the portal frame, with its
 * navigation (the portal layout signs the visitor in first and sends agency staff to the back-office).
 */
export default function MissingPortalPage() {
  notFound();
}
