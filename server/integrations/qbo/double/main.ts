/**
 * TEST DOUBLE — NOT QuickBooks. Runs the QuickBooks Online test double as its own process for the
 * demo or manual poking: `npx tsx server/integrations/qbo/double/main.ts --port 4010`.
 * Seed it through the `/__double/*` admin endpoints; point the app at it with
 * QBO_ENVIRONMENT=double and QBO_API_BASE=http://127.0.0.1:4010.
 */
import { startQboDouble } from ".";

const portArg = process.argv.indexOf("--port");
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 4010;

startQboDouble({ port }).then((double) => {
  console.log(`QuickBooks TEST DOUBLE (not QuickBooks) listening on ${double.url}`);
  const stop = () => void double.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
});
