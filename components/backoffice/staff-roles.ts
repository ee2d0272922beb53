import type { StaffRole } from "@/server/auth/roles";

/** What each agency role may do, as the role pickers say it (shared by server pages and client components). */
export const STAFF_ROLE_OPTIONS = [
  { value: "operator", label: "Operator: works the exception queue" },
  { value: "finance", label: "Finance: statements, disbursements and the ledger" },
  { value: "admin", label: "Agency admin: also manages people and creditors' users" },
] as const satisfies ReadonlyArray<{ value: StaffRole; label: string }>;

/** The same roles in a word, for tables. */
export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  operator: "Operator",
  finance: "Finance",
  admin: "Agency admin",
};
