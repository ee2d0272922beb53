import type { CreditorRole, Role } from "@/server/auth/roles";

/** A creditor's roles in a word, for tables (in the order the role picker offers them). */
export const CREDITOR_ROLE_NAMES: Record<CreditorRole, string> = {
  creditor_admin: "Administrator",
  creditor_member: "Member",
};

/** What each role may do, as the portal's invite dialog says it; a member (the usual choice) first. */
export const CREDITOR_ROLE_OPTIONS = [
  { value: "creditor_member", label: "Member: sees placements, remittances and statements" },
  { value: "creditor_admin", label: "Administrator: also manages people and API keys" },
] as const satisfies ReadonlyArray<{ value: CreditorRole; label: string }>;

/** A role as an invite dialog offers it: the role and what it may do. */
export type RoleOption = { value: Role; label: string };
