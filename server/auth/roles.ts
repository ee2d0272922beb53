import type { userRole } from "@/db/schema";

/** Every role a person can hold. */
export type Role = (typeof userRole.enumValues)[number];

/** Roles of a creditor's own people: each belongs to exactly one creditor. */
export const CREDITOR_ROLES = ["creditor_admin", "creditor_member"] as const satisfies readonly Role[];
/** Agency staff: no creditor, they see across creditors as their role allows. */
export const STAFF_ROLES = ["operator", "finance", "admin"] as const satisfies readonly Role[];

export type CreditorRole = (typeof CREDITOR_ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const isCreditorRole = (role: Role): role is CreditorRole => (CREDITOR_ROLES as readonly Role[]).includes(role);
export const isStaffRole = (role: Role): role is StaffRole => (STAFF_ROLES as readonly Role[]).includes(role);

/** Who is asking, as every procedure sees it: taken from the session, never from input. */
export type SessionUser = { id: string; role: Role; creditorId: string | null; sessionId?: string };
