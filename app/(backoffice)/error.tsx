"use client";

export { RouteError as default } from "@/components/portal/route-error";
