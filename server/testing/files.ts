import { createHash } from "node:crypto";
import { vi } from "vitest";
import { resetEnvForTests } from "@/server/env";

/**
 * `total` bytes of deterministic content in pieces of `piece` bytes, each made only when the
 * consumer asks for it (so a test can tell a streaming store from one that reads everything first).
 * `produced` is called with the running count after each piece is handed over.
 */
export async function* generatedBody(
  total: number,
  o: { piece?: number; seed?: number; produced?: (bytes: number) => void; failAfter?: number } = {},
): AsyncGenerator<Uint8Array> {
  const piece = o.piece ?? 64 * 1024;
  let sent = 0;
  for (let i = 0; sent < total; i++) {
    if (o.failAfter !== undefined && sent >= o.failAfter) throw new Error("the renderer crashed midway");
    const n = Math.min(piece, total - sent);
    const buf = Buffer.alloc(n, (i * 31 + (o.seed ?? 7)) % 251);
    if (n >= 4) buf.writeUInt32BE(i >>> 0, 0);
    sent += n;
    yield buf;
    o.produced?.(sent);
  }
}

/** Hex SHA-256 and size of generatedBody(total, o), computed without storing it. */
export async function digestOf(total: number, o: { piece?: number; seed?: number } = {}) {
  const hash = createHash("sha256");
  for await (const p of generatedBody(total, o)) hash.update(p);
  return hash.digest("hex");
}

/** Read a stream to its end, keeping only its digest, size and piece count. */
export async function drain(body: AsyncIterable<Uint8Array>) {
  const hash = createHash("sha256");
  let size = 0;
  let pieces = 0;
  let largest = 0;
  for await (const p of body) {
    hash.update(p);
    size += p.byteLength;
    pieces++;
    largest = Math.max(largest, p.byteLength);
  }
  return { sha256: hash.digest("hex"), size, pieces, largest };
}

/** A small stream's bytes, whole. */
export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts);
}

/** Set environment variables for the rest of the test file (server/env.ts re-reads them). */
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
}
