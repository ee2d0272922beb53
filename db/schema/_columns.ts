import { bigint, char, timestamp, uuid } from "drizzle-orm/pg-core";

/** Money is integer minor units (bigint, read as JS bigint) plus an ISO-4217 code. */
export const minor = (name?: string) => (name ? bigint(name, { mode: "bigint" }) : bigint({ mode: "bigint" }));
export const currency = () => char({ length: 3 });
export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow();
export const ts = () => timestamp({ withTimezone: true, mode: "date" });
