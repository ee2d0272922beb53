import { check, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, ts } from "./_columns";
import { creditors } from "./creditors";

export const userRole = pgEnum("user_role", ["creditor_admin", "creditor_member", "operator", "finance", "admin"]);

/** People who sign in. Creditor roles belong to exactly one creditor; agency staff to none. */
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text(),
    role: userRole().notNull(),
    creditorId: uuid().references(() => creditors.id),
    disabledAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "users_creditor_roles",
      sql`(${t.role} in ('creditor_admin','creditor_member')) = (${t.creditorId} is not null)`,
    ),
  ],
);
