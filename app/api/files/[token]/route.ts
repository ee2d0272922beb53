import { getDb } from "@/server/db";
import { serveDownload } from "@/server/services/files/download";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A signed download link (minted by mintDownloadLink in server/services/files/links.ts). Authorized
 * by its signature alone: 403 tampered, 410 expired, 404 file gone, else the file.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  return serveDownload(await getDb(), token);
}
