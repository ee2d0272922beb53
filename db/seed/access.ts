import type { Db } from "@/db/client";
import { createUser } from "@/server/services/identity/users";
import { createApiKey } from "@/server/services/identity/api-keys";
import { systemActor } from "@/server/domain/actor";
import type { DemoSummary } from "./demo";

export const DEMO_PASSWORD = "clearbook-demo";

export type DemoAccess = {
  password: string;
  users: Array<{ email: string; role: string; creditor?: string }>;
  apiKey?: { creditor: string; key: string };
};

/** Demo sign-ins for every role, and one creditor API key (shown once, so the demo keeps a copy). */
export async function seedDemoAccess(db: Db, summary: DemoSummary): Promise<DemoAccess> {
  const actor = systemActor("demo-seed");
  const users: DemoAccess["users"] = [];
  const add = async (
    email: string,
    name: string,
    role: "admin" | "operator" | "finance" | "creditor_admin" | "creditor_member",
    creditor?: { id: string; name: string },
  ) => {
    await createUser(db, { email, name, role, creditorId: creditor?.id ?? null, password: DEMO_PASSWORD }, actor);
    users.push({ email, role, creditor: creditor?.name });
  };
  await add("admin@clearbook.test", "Agency Admin", "admin");
  await add("operator@clearbook.test", "Olivia Operator", "operator");
  await add("finance@clearbook.test", "Felix Finance", "finance");
  // A second finance person: a disbursement run proposed by one is approved by the other (four-eyes).
  await add("finance2@clearbook.test", "Fiona Finance", "finance");
  for (const c of summary.creditors) {
    await add(`admin@${c.slug}.test`, `${c.name} admin`, "creditor_admin", c);
  }
  const first = summary.creditors[0]!;
  await add(`member@${first.slug}.test`, `${first.name} member`, "creditor_member", first);
  const created = await createApiKey(db, first.id, "Demo ERP integration", actor);
  return { password: DEMO_PASSWORD, users, apiKey: { creditor: first.name, key: created.secret } };
}
