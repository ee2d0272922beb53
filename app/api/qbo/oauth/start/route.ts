import { getSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { beginQboConnect } from "@/server/services/qbo/connections";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const SETTINGS = "/settings/integrations/quickbooks";

/** Connect QuickBooks: a creditor admin is sent to Intuit's consent page with a signed, single-use state. */
export async function GET(req: Request): Promise<Response> {
  const user = await getSession();
  if (!user) return Response.redirect(new URL(`/sign-in?next=${encodeURIComponent(SETTINGS)}`, req.url), 302);
  const back = (error: string) =>
    Response.redirect(new URL(`${SETTINGS}?error=${encodeURIComponent(error)}`, req.url), 302);
  if (user.role !== "creditor_admin" || !user.creditorId)
    return back("Only an administrator of your organisation can connect QuickBooks.");
  try {
    const { url } = await beginQboConnect(
      await getDb(),
      { creditorId: user.creditorId },
      { type: "user", id: user.id },
    );
    return Response.redirect(url, 302);
  } catch (err) {
    return back(
      err instanceof AppError
        ? err.message
        : `QuickBooks cannot be connected right now: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
