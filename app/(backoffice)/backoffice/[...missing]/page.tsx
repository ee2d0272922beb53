import { notFound } from "next/navigation";

/** Any /backoffice address no page serves: a 404 inside the back-office frame, with its navigation. */
export default function MissingBackofficePage() {
  notFound();
}
