import { createHash } from "node:crypto";
import { AppError } from "@/server/errors";

/** What a caller may hand over: bytes already in memory, or a stream of them (a Node Readable, a web ReadableStream, a generator). */
export type FileBody = AsyncIterable<Uint8Array> | Uint8Array;

export type Measured = {
  /** The body, piece by piece, counted and hashed as it passes. */
  stream: AsyncIterable<Uint8Array>;
  /** Size and hex SHA-256 of everything that passed; read once the stream is exhausted. */
  digest(): { size: number; sha256: string };
};

const humanBytes = (n: number) =>
  n >= 1024 ** 3
    ? `${+(n / 1024 ** 3).toFixed(2)} GiB`
    : n >= 1024 ** 2
      ? `${+(n / 1024 ** 2).toFixed(2)} MiB`
      : `${n} bytes`;

/** The error for a file over the limit, raised while it streams in (before the rest is read). */
export const tooLarge = (name: string, maxBytes: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `File "${name}" is larger than the ${humanBytes(maxBytes)} limit: narrow what goes in it, or raise FILE_MAX_BYTES.`,
    { maxBytes },
  );

/** Counts and hashes `body` while it streams, and stops it with PAYLOAD_TOO_LARGE once it passes `maxBytes`. */
export function measure(body: FileBody, o: { name: string; maxBytes: number }): Measured {
  const hash = createHash("sha256");
  let size = 0;
  let done = false;
  async function* stream(): AsyncGenerator<Uint8Array> {
    const source: AsyncIterable<unknown> | Iterable<unknown> = body instanceof Uint8Array ? [body] : body;
    for await (const piece of source) {
      if (!(piece instanceof Uint8Array))
        throw new AppError(
          "BAD_REQUEST",
          `File "${o.name}": the body must yield bytes (Uint8Array), got ${typeof piece}.`,
        );
      if (piece.byteLength === 0) continue;
      size += piece.byteLength;
      if (size > o.maxBytes) throw tooLarge(o.name, o.maxBytes);
      hash.update(piece);
      yield piece;
    }
    done = true;
  }
  let sha256: string | undefined;
  return {
    stream: stream(),
    digest() {
      if (!done) throw new Error("digest() before the body was read to its end");
      sha256 ??= hash.digest("hex");
      return { size, sha256 };
    },
  };
}

/** Re-cut a stream into pieces of exactly `bytes` (the last may be shorter), holding at most about one piece. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Buffer> {
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const piece of source) {
    let rest = piece;
    while (held + rest.byteLength >= bytes) {
      const take = bytes - held;
      parts.push(rest.subarray(0, take));
      yield Buffer.concat(parts, bytes);
      rest = rest.subarray(take);
      parts = [];
      held = 0;
    }
    if (rest.byteLength > 0) {
      // Copy: the producer may reuse its buffer after we ask for the next piece.
      parts.push(Uint8Array.prototype.slice.call(rest));
      held += rest.byteLength;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}
