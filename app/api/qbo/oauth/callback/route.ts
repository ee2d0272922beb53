import { getSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { completeQboConnect } from "@/server/services/qbo/connections";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const SETTINGS = "/settings/integrations/quickbooks";

/**
 * Intuit's redirect after consent (`code`, `realmId`, `state`; or `error`). The creditor comes from
 * the session and must match the one the state was issued for; the service checks the rest.
 */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const back = (q: string) => Response.redirect(new URL(`${SETTINGS}?${q}`, req.url), 302);
  const fail = (message: string) => back(`error=${encodeURIComponent(message)}`);
  const user = await getSession();
  if (!user) return Response.redirect(new URL(`/sign-in?next=${encodeURIComponent(SETTINGS)}`, req.url), 302);
  if (user.role !== "creditor_admin" || !user.creditorId)
    return fail("Only an administrator of your organisation can connect QuickBooks.");
  const denied = url.searchParams.get("error");
  if (denied)
    return fail(denied === "access_denied" ? "QuickBooks access was not granted." : `QuickBooks answered: ${denied}.`);
  const code = url.searchParams.get("code");
  const realmId = url.searchParams.get("realmId");
  const state = url.searchParams.get("state");
  if (!code || !realmId || !state) return fail("The QuickBooks redirect was incomplete; start again.");
  try {
    await completeQboConnect(
      await getDb(),
      { creditorId: user.creditorId, code, realmId, state },
      { type: "user", id: user.id },
    );
    return back("connected=1");
  } catch (err) {
    return fail(
      err instanceof AppError
        ? err.message
        : `QuickBooks could not be connected: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
