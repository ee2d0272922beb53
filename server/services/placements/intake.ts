import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, creditors, debtors, placements } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { jsonSafe, recordAudit } from "../audit/record";
import { createPlacement, placementProblems, type NewPlacement } from "./placements";

/**
 * One row of a batch as its source saw it: `ref` is the CSV line or the JSON array index; `input` is
 * null when the row could not be read into a placement, but its invoice number is still checked.
 */
export type Candidate = { ref: number; input: NewPlacement | null; invoiceNumber: string; problems: string[] };
export type RowError = { ref: number; invoiceNumber: string | null; problems: string[] };
/** Where a batch came from: a person's CSV file or a machine's JSON array. */
export type Source = "csv" | "api";

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table here. */
const CHUNK = 1000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const chunks = <T>(list: T[], size = CHUNK) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** True for PostgreSQL's unique-violation (23505), however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/**
 * Every problem of every row: field rules, invoice numbers repeated inside the batch, and invoice
 * numbers this creditor has already placed. Read-only.
 */
export async function checkCandidates(
  db: Db,
  creditorId: string,
  candidates: Candidate[],
  source: Source,
): Promise<RowError[]> {
  const problems = new Map<Candidate, string[]>(candidates.map((c) => [c, [...c.problems]]));
  const firstSeen = new Map<string, number>();
  for (const c of candidates) {
    if (c.input) {
      problems.get(c)!.push(...placementProblems(c.input));
      if (c.input.debtor.email && !EMAIL.test(c.input.debtor.email))
        problems.get(c)!.push(`debtor_email "${c.input.debtor.email}" is not an email address`);
    }
    const number = c.invoiceNumber.trim();
    if (!number) continue;
    const earlier = firstSeen.get(number);
    if (earlier === undefined) firstSeen.set(number, c.ref);
    else
      problems
        .get(c)!
        .push(
          `invoice_number ${number} appears twice in this batch (first ${source === "csv" ? `on line ${earlier}` : `at placements[${earlier}]`})`,
        );
  }
  const existing = new Set<string>();
  for (const part of chunks([...firstSeen.keys()])) {
    const rows = await db
      .select({ invoiceNumber: placements.invoiceNumber })
      .from(placements)
      .where(and(eq(placements.creditorId, creditorId), inArray(placements.invoiceNumber, part)));
    for (const r of rows) existing.add(r.invoiceNumber);
  }
  const errors: RowError[] = [];
  for (const c of candidates) {
    const list = problems.get(c)!;
    const number = c.invoiceNumber.trim() || null;
    if (number && existing.has(number) && firstSeen.get(number) === c.ref)
      list.push(`invoice_number ${number} is already placed`);
    if (list.length) errors.push({ ref: c.ref, invoiceNumber: number, problems: list });
  }
  return errors;
}

/** Insert valid placements in batches, one debtor each, with an audit event per placement, in the caller's transaction. */
async function insertPlacements(tx: Db, creditorId: string, inputs: NewPlacement[], actor: Actor, source: Source) {
  const now = new Date();
  const rows = inputs.map((input) => ({ input, debtorId: randomUUID(), placementId: randomUUID() }));
  for (const part of chunks(rows)) {
    await tx.insert(debtors).values(
      part.map((r) => ({
        id: r.debtorId,
        creditorId,
        name: r.input.debtor.name.trim(),
        email: r.input.debtor.email || null,
        externalRef: r.input.debtor.externalRef ?? null,
      })),
    );
    await tx.insert(placements).values(
      part.map((r) => ({
        id: r.placementId,
        creditorId,
        debtorId: r.debtorId,
        invoiceNumber: r.input.invoiceNumber.trim(),
        invoiceAmount: r.input.invoiceAmount,
        currency: r.input.currency,
        dueDate: r.input.dueDate,
        qboInvoiceId: r.input.qboInvoiceId || null,
        placedAt: now,
        updatedAt: now,
      })),
    );
    await tx.insert(auditEvents).values(
      part.map((r) => ({
        actorType: actor.type,
        actorId: actor.id,
        action: "placement.created",
        category: "intake",
        creditorId,
        targetType: "placement",
        targetId: r.placementId,
        details: jsonSafe({
          invoiceNumber: r.input.invoiceNumber,
          invoiceAmount: r.input.invoiceAmount,
          currency: r.input.currency,
          source,
        }),
      })),
    );
  }
  return rows.map((r) => r.placementId);
}

/**
 * Place a batch all or nothing: any row with a problem → BAD_REQUEST listing every row's problems,
 * and nothing is written. Otherwise every row is inserted in one transaction (batched statements).
 */
export async function importPlacements(
  db: Db,
  creditorId: string,
  candidates: Candidate[],
  actor: Actor,
  source: Source,
) {
  if (candidates.length === 0) throw new AppError("BAD_REQUEST", "the batch has no rows");
  const run = () =>
    db.transaction(async (tx) => {
      const [creditor] = await tx
        .select({ id: creditors.id })
        .from(creditors)
        .where(eq(creditors.id, creditorId))
        .for("update");
      if (!creditor) throw notFound("creditor");
      const errors = await checkCandidates(tx, creditorId, candidates, source);
      if (errors.length) {
        // CSV rows are named by file line, API rows by their index in `placements`.
        const rows = errors.slice(0, 1000).map(({ ref, invoiceNumber, problems }) => ({
          [source === "csv" ? "line" : "index"]: ref,
          invoice_number: invoiceNumber,
          problems,
        }));
        throw new AppError(
          "BAD_REQUEST",
          `${errors.length} of ${candidates.length} rows have problems; nothing was imported`,
          { rows, error_count: errors.length },
        );
      }
      const ids = await insertPlacements(
        tx,
        creditorId,
        candidates.map((c) => c.input!),
        actor,
        source,
      );
      await recordAudit(tx, {
        actor,
        action: "placements.imported",
        category: "intake",
        creditorId,
        details: { source, count: ids.length },
      });
      return ids;
    });
  try {
    return await run();
  } catch (err) {
    // Only a concurrent single placement can slip between the check and the insert.
    if (isUniqueViolation(err))
      throw new AppError(
        "CONFLICT",
        "an invoice number in this batch was placed by another request meanwhile; check the batch again and retry",
      );
    throw err;
  }
}

/** Place one invoice atomically (through `createPlacement`); a concurrent duplicate answers CONFLICT. */
export async function placeInvoice(db: Db, creditorId: string, input: NewPlacement, actor: Actor) {
  try {
    return await db.transaction((tx) => createPlacement(tx, creditorId, input, actor));
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("CONFLICT", `invoice_number ${input.invoiceNumber} is already placed`);
    throw err;
  }
}
