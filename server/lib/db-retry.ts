import pRetry from "p-retry";
import { AppError } from "@/server/errors";

/**
 * SQLSTATEs worth retrying the whole transaction for: serialization failure, deadlock, lock not
 * available, and a unique violation from two transactions inserting the same key at once (the
 * retry sees the winner's row and takes the duplicate path).
 */
const TRANSIENT = new Set(["40001", "40P01", "55P03", "23505"]);

/** The SQLSTATE of a driver error, looking through wrappers (drizzle wraps the driver's error as `cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** True for database errors a retry of the same transaction can clear. */
export function isTransientDbError(err: unknown): boolean {
  if (err instanceof TransientDbError) return true;
  const code = sqlState(err);
  return code !== undefined && TRANSIENT.has(code);
}

/** The database kept refusing after bounded retries: answer 5xx and let the sender retry later. */
export class TransientDbError extends Error {
  override name = "TransientDbError";
}

/** A short, readable reason for an error: AppError messages as they are, driver errors by their root cause. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) return err.message;
  let root = err;
  for (let depth = 0; depth < 5 && root && (root as { cause?: unknown }).cause; depth++)
    root = (root as { cause?: unknown }).cause;
  const msg = root instanceof Error ? root.message : String(root);
  const code = sqlState(err);
  return (code ? `${msg} (SQLSTATE ${code})` : msg).slice(0, 1000);
}

/**
 * Run `fn` (a whole transaction, or a statement that stands alone) and run it again on a transient
 * database error (serialization failure, deadlock, racing insert), up to `tries` times in all,
 * waiting ~5 ms, 10 ms, 20 ms … with jitter between tries (p-retry). Any other error is thrown at
 * once; when every try failed transiently, the last error is thrown as a TransientDbError.
 * `fn` receives the try's number (1, 2, …).
 */
export async function withDbRetry<T>(fn: (attempt: number) => Promise<T>, opts: { tries: number; what: string }) {
  try {
    return await pRetry(fn, {
      retries: opts.tries - 1,
      factor: 2,
      minTimeout: 10,
      randomize: true,
      shouldRetry: ({ error }) => isTransientDbError(error),
    });
  } catch (err) {
    if (isTransientDbError(err) && !(err instanceof TransientDbError))
      throw new TransientDbError(`${opts.what}: ${describeError(err)}`, { cause: err });
    throw err;
  }
}
