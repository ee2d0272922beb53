/**
 * The database side of a cleared payment, in as few round trips as possible: one statement reads
 * everything the rules need, one statement writes everything they decided. A payment used to
 * cost ~13 statements in its transaction, each a network round trip holding the placement's row
 * lock; under webhook load those waits, not the work, set the rate. All money rules stay in
 * TypeScript (payments.ts and server/domain): these statements only move rows, with every value
 * bound as a parameter (never concatenated), money as bigint text cast in SQL, jsonb JSON-safe.
 * They are built by hand (db/statements.ts), not from drizzle fragments: their text depends only
 * on the payment's shape, so each shape is parsed and planned once per connection.
 */
import type { Db } from "@/db/client";
import { queryStatement, statement, type Bind } from "@/db/statements";
import type { AuditInput } from "../audit/record";
import type { WorkItemInput } from "../work-items/open";

export type LockedPlacement = {
  id: string;
  creditorId: string;
  debtorId: string;
  invoiceNumber: string;
  currency: string;
  status: string;
  invoiceAmount: bigint;
  recoveredAmount: bigint;
  feeAmount: bigint;
};
export type PaymentContext = {
  existingId: string | null;
  placement: LockedPlacement | null;
  rateBps: number | null;
  installmentId: string | null;
};

export type ContextRow = {
  existing_id: string | null;
  id: string | null;
  creditor_id: string;
  debtor_id: string;
  invoice_number: string;
  currency: string;
  status: string;
  invoice_amount: string;
  recovered_amount: string;
  fee_amount: string;
  rate_bps: number | null;
  installment_id: string | null;
};

/**
 * One statement: whether (source, externalId) is already recorded; if not, the placement locked
 * FOR UPDATE, the creditor's rate in force at `at` (else the earliest one) and the installment,
 * if it belongs to that placement. Ids must already be valid UUIDs or null.
 */
export async function readPaymentContext(db: Db, q: PaymentContextQuery): Promise<PaymentContext> {
  const [row] = await queryStatement<ContextRow>(
    db,
    statement((p) => paymentContextSql(p, q, { lock: true })),
  );
  if (!row) throw new Error("payment context query returned nothing");
  return toPaymentContext(row);
}

export type PaymentContextQuery = {
  source: string;
  externalId: string;
  placementId: string | null;
  installmentId: string | null;
  at: Date;
};

/**
 * The select of readPaymentContext, for callers that read more in the same statement. Without
 * `lock` the placement is read as it is (no FOR UPDATE): the writer must then check it is
 * unchanged when it writes (see PlacementVersion).
 */
export function paymentContextSql(p: Bind, q: PaymentContextQuery, opts: { lock: boolean }): string {
  return paymentContextOf(
    {
      source: p(q.source, '"payment_source"'),
      externalId: p(q.externalId, "text"),
      placementId: p(q.placementId, "uuid"),
      installmentId: p(q.installmentId, "uuid"),
      at: p(q.at.toISOString(), "timestamptz"),
    },
    opts,
  );
}

/**
 * paymentContextSql over SQL expressions instead of bound values: the batched read of the Stripe
 * fast path runs it once per payment, laterally over the batch's recordset (`q.placement_id`…).
 */
export function paymentContextOf(
  x: { source: string; externalId: string; placementId: string; installmentId: string; at: string },
  opts: { lock: boolean },
): string {
  return `
    select a.id as existing_id, pl.id, pl.creditor_id, pl.debtor_id, pl.invoice_number, pl.currency, pl.status::text as status,
      pl.invoice_amount::text as invoice_amount, pl.recovered_amount::text as recovered_amount, pl.fee_amount::text as fee_amount,
      r.rate_bps, i.id as installment_id
    from (select 1) as one
    left join payment_attempts a on a.source = ${x.source} and a.external_id = ${x.externalId}
    left join lateral (select * from placements where id = ${x.placementId} and a.id is null${opts.lock ? " for update" : ""}) pl on true
    left join lateral (select coalesce(
      (select rate_bps from creditor_rates where creditor_id = pl.creditor_id and effective_from <= ${x.at} order by effective_from desc limit 1),
      (select rate_bps from creditor_rates where creditor_id = pl.creditor_id order by effective_from limit 1)) as rate_bps) r on true
    left join installments i on i.id = ${x.installmentId} and i.placement_id = pl.id`;
}

/** A row of paymentContextSql as a PaymentContext. */
export function toPaymentContext(row: ContextRow): PaymentContext {
  const placement = row.id
    ? {
        id: row.id,
        creditorId: row.creditor_id,
        debtorId: row.debtor_id,
        invoiceNumber: row.invoice_number,
        currency: row.currency,
        status: row.status,
        invoiceAmount: BigInt(row.invoice_amount),
        recoveredAmount: BigInt(row.recovered_amount),
        feeAmount: BigInt(row.fee_amount),
      }
    : null;
  return {
    existingId: row.existing_id,
    placement,
    rateBps: row.rate_bps === null ? null : Number(row.rate_bps),
    installmentId: row.installment_id,
  };
}

/** The payment attempt row, written with its final status. */
export type AttemptRow = {
  id: string;
  source: string;
  externalId: string;
  chargeId: string | null;
  amount: bigint;
  currency: string;
  status: "succeeded" | "unmatched";
  receivedAt: Date;
  metadata: Record<string, unknown>;
  creditorId: string | null;
  placementId: string | null;
  installmentId: string | null;
};

/** Everything a new applied payment writes; ids are generated by the caller so rows can point at each other. */
export type AppliedPaymentRows = {
  entry: { id: string; kind: string; description: string; creditorId: string; sourceRef: string; occurredAt: Date };
  postings: Array<{ account: string; amount: bigint; currency: string; creditorId: string; placementId: string }>;
  remittance?: {
    id: string;
    creditorId: string;
    placementId: string;
    installmentId: string | null;
    recovered: bigint;
    fee: bigint;
    net: bigint;
    currency: string;
    rateBps: number;
    occurredAt: Date;
  };
  credit?: {
    id: string;
    creditorId: string;
    debtorId: string;
    placementId: string;
    amount: bigint;
    currency: string;
    workItem: WorkItemInput;
  };
  document: {
    id: string;
    creditorId: string;
    placementId: string;
    number: string;
    amount: bigint;
    currency: string;
    valueDate: string;
    lines: Array<{ allocateTo: string; amount: bigint; invoiceNumber: string }>;
  };
  placement: { id: string; recoveredAmount: bigint; feeAmount: bigint; status: string; updatedAt: Date };
  installment?: { id: string; paidAt: Date };
  outbox?: { topic: string; idempotencyKey: string; payload: Record<string, unknown> };
  audit: AuditInput;
  /** A payment far beyond its placement's balance: booked, and queued for a person (record-cleared.ts). */
  review?: WorkItemInput;
};

/**
 * The rows a payment writes, table by table: each table's columns with their SQL types, and each
 * row's values already in wire form (money as bigint text, times as ISO text, jsonb as JSON text
 * that holds no bigint). The single-payment statements (VALUES) and the batched statement of the
 * Stripe fast path (one json recordset per table, stripe-events/payment-batch.ts) write the same rows.
 */
export type Columns = Readonly<Record<string, string>>;
export type Row = Record<string, unknown>;
export type RowGroup = { table: string; columns: Columns; rows: Row[]; conflict?: string };

const JOURNAL_ENTRY = {
  id: "uuid",
  kind: "text",
  description: "text",
  creditor_id: "uuid",
  source_ref: "text",
  occurred_at: "timestamptz",
} as const;
const POSTING = {
  entry_id: "uuid",
  account: "text",
  amount: "bigint",
  currency: "text",
  creditor_id: "uuid",
  placement_id: "uuid",
} as const;
const REMITTANCE = {
  id: "uuid",
  creditor_id: "uuid",
  placement_id: "uuid",
  payment_attempt_id: "uuid",
  installment_id: "uuid",
  status: '"remittance_status"',
  recovered_amount: "bigint",
  fee_amount: "bigint",
  net_remit_amount: "bigint",
  currency: "text",
  contingency_pct_snapshot: "int",
  journal_entry_id: "uuid",
  occurred_at: "timestamptz",
} as const;
const CUSTOMER_CREDIT = {
  id: "uuid",
  creditor_id: "uuid",
  debtor_id: "uuid",
  placement_id: "uuid",
  payment_attempt_id: "uuid",
  amount: "bigint",
  currency: "text",
  journal_entry_id: "uuid",
} as const;
const WORK_ITEM = {
  kind: '"work_item_kind"',
  creditor_id: "uuid",
  subject_type: "text",
  subject_id: "text",
  title: "text",
  next_action: "text",
  evidence: "jsonb",
  dedupe_key: "text",
} as const;
const DOCUMENT = {
  id: "uuid",
  creditor_id: "uuid",
  placement_id: "uuid",
  type: '"accounting_document_type"',
  number: "text",
  amount: "bigint",
  currency: "text",
  value_date: "date",
  journal_entry_id: "uuid",
} as const;
const DOCUMENT_LINE = {
  document_id: "uuid",
  placement_id: "uuid",
  invoice_number: "text",
  allocate_to: '"allocate_to"',
  amount: "bigint",
  currency: "text",
} as const;
const OUTBOX = { topic: "text", idempotency_key: "text", payload: "jsonb" } as const;
const AUDIT = {
  actor_type: '"actor_type"',
  actor_id: "text",
  action: "text",
  category: "text",
  creditor_id: "uuid",
  target_type: "text",
  target_id: "text",
  details: "jsonb",
} as const;
export const ATTEMPT = {
  id: "uuid",
  source: '"payment_source"',
  external_id: "text",
  charge_id: "text",
  amount: "bigint",
  currency: "text",
  status: '"payment_status"',
  received_at: "timestamptz",
  metadata: "jsonb",
  creditor_id: "uuid",
  placement_id: "uuid",
  installment_id: "uuid",
} as const;

type RowOf<C extends Columns> = { [K in keyof C]: unknown };
/** jsonb cannot hold bigint: money goes in as exact decimal strings of minor units (as audit.ts's jsonSafe). */
const json = (v: Record<string, unknown>) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

const workItemRow = (w: WorkItemInput): RowOf<typeof WORK_ITEM> => ({
  kind: w.kind,
  creditor_id: w.creditorId ?? null,
  subject_type: w.subjectType,
  subject_id: w.subjectId,
  title: w.title,
  next_action: w.nextAction,
  evidence: json(w.evidence ?? {}),
  dedupe_key: w.dedupeKey,
});
const auditRow = (a: AuditInput): RowOf<typeof AUDIT> => ({
  actor_type: a.actor.type,
  actor_id: a.actor.id,
  action: a.action,
  category: a.category ?? "general",
  creditor_id: a.creditorId ?? null,
  target_type: a.targetType ?? null,
  target_id: a.targetId ?? null,
  details: json(a.details ?? {}),
});

/** The payment attempt's row. */
export function attemptRowValues(a: AttemptRow): RowOf<typeof ATTEMPT> {
  return {
    id: a.id,
    source: a.source,
    external_id: a.externalId,
    charge_id: a.chargeId ?? null,
    amount: a.amount.toString(),
    currency: a.currency,
    status: a.status,
    received_at: a.receivedAt.toISOString(),
    metadata: json(a.metadata),
    creditor_id: a.creditorId ?? null,
    placement_id: a.placementId ?? null,
    installment_id: a.installmentId ?? null,
  };
}

/** Every row an applied payment inserts after its attempt, by table; a table the payment does not touch has no rows. */
export function appliedPaymentRowGroups(attempt: AttemptRow, w: AppliedPaymentRows): RowGroup[] {
  const e = w.entry;
  const r = w.remittance;
  const c = w.credit;
  const d = w.document;
  return [
    {
      table: "journal_entries",
      columns: JOURNAL_ENTRY,
      rows: [
        {
          id: e.id,
          kind: e.kind,
          description: e.description,
          creditor_id: e.creditorId,
          source_ref: e.sourceRef,
          occurred_at: e.occurredAt.toISOString(),
        } satisfies RowOf<typeof JOURNAL_ENTRY>,
      ],
    },
    {
      table: "postings",
      columns: POSTING,
      rows: w.postings.map((p): RowOf<typeof POSTING> => ({
        entry_id: e.id,
        account: p.account,
        amount: p.amount.toString(),
        currency: p.currency,
        creditor_id: p.creditorId,
        placement_id: p.placementId,
      })),
    },
    {
      table: "remittances",
      columns: REMITTANCE,
      rows: r
        ? [
            {
              id: r.id,
              creditor_id: r.creditorId,
              placement_id: r.placementId,
              payment_attempt_id: attempt.id,
              installment_id: r.installmentId,
              status: "cleared",
              recovered_amount: r.recovered.toString(),
              fee_amount: r.fee.toString(),
              net_remit_amount: r.net.toString(),
              currency: r.currency,
              contingency_pct_snapshot: r.rateBps,
              journal_entry_id: e.id,
              occurred_at: r.occurredAt.toISOString(),
            } satisfies RowOf<typeof REMITTANCE>,
          ]
        : [],
    },
    {
      table: "customer_credits",
      columns: CUSTOMER_CREDIT,
      rows: c
        ? [
            {
              id: c.id,
              creditor_id: c.creditorId,
              debtor_id: c.debtorId,
              placement_id: c.placementId,
              payment_attempt_id: attempt.id,
              amount: c.amount.toString(),
              currency: c.currency,
              journal_entry_id: e.id,
            } satisfies RowOf<typeof CUSTOMER_CREDIT>,
          ]
        : [],
    },
    {
      table: "work_items",
      columns: WORK_ITEM,
      rows: [...(c ? [workItemRow(c.workItem)] : []), ...(w.review ? [workItemRow(w.review)] : [])],
      conflict: "dedupe_key",
    },
    {
      table: "accounting_documents",
      columns: DOCUMENT,
      rows: [
        {
          id: d.id,
          creditor_id: d.creditorId,
          placement_id: d.placementId,
          type: "AGENCY_PAYMENT",
          number: d.number,
          amount: d.amount.toString(),
          currency: d.currency,
          value_date: d.valueDate,
          journal_entry_id: e.id,
        } satisfies RowOf<typeof DOCUMENT>,
      ],
    },
    {
      table: "accounting_document_lines",
      columns: DOCUMENT_LINE,
      rows: d.lines.map((l): RowOf<typeof DOCUMENT_LINE> => ({
        document_id: d.id,
        placement_id: d.placementId,
        invoice_number: l.invoiceNumber,
        allocate_to: l.allocateTo,
        amount: l.amount.toString(),
        currency: d.currency,
      })),
    },
    {
      table: "outbox",
      columns: OUTBOX,
      rows: w.outbox
        ? [
            {
              topic: w.outbox.topic,
              idempotency_key: w.outbox.idempotencyKey,
              payload: json(w.outbox.payload),
            } satisfies RowOf<typeof OUTBOX>,
          ]
        : [],
      conflict: "idempotency_key",
    },
    { table: "audit_events", columns: AUDIT, rows: [auditRow(w.audit)] },
  ];
}

/** A piece of statement text whose values go through `bind`. */
export type Fragment = (bind: Bind) => string;
const quoted = (cols: Columns) =>
  Object.keys(cols)
    .map((c) => `"${c}"`)
    .join(", ");

/** `insert into <table> (…) values …` that runs only if the CTE `gate` returned a row (this statement recorded the attempt). Table and columns are our constants. */
function insertIfNew(g: RowGroup, gate: string): Fragment {
  const cols = Object.keys(g.columns);
  return (bind) => `insert into "${g.table}" (${quoted(g.columns)})
    select * from (values ${g.rows.map((r) => `(${cols.map((c) => bind(r[c] ?? null, g.columns[c])).join(", ")})`).join(", ")}) as v where exists (select 1 from ${gate})${g.conflict ? ` on conflict (${g.conflict}) do nothing` : ""}`;
}

/**
 * Rows of many payments as one `json` parameter, read back with `json_to_recordset` as a relation
 * (`alias`, default v) of columns k (the payment's number in its batch) and `columns`: one parameter and one
 * function call per table, whatever the batch's size. jsonb columns hold JSON text already
 * (see json above) and go in as it is; every other value as a JSON string, number, boolean or null.
 */
export function recordset(bind: Bind, columns: Columns, rows: Array<{ k: number; row: Row }>, alias = "v"): string {
  const cols = Object.keys(columns);
  const keys = cols.map((c) => `${JSON.stringify(c)}:`);
  const text = `[${rows.map((r) => `{"k":${r.k}${cols.map((c, i) => `,${keys[i]}${columns[c] === "jsonb" && r.row[c] != null ? (r.row[c] as string) : JSON.stringify(r.row[c] ?? null)}`).join("")}}`).join(",")}]`;
  return `json_to_recordset(${bind(text, "json")}) as ${alias}(k int, ${cols.map((c) => `"${c}" ${columns[c]}`).join(", ")})`;
}

/**
 * The same rows for many payments at once (recordset), inserted only for the payments listed by
 * the CTE `gate` (a column k). The text depends on nothing but the table, so one prepared statement
 * serves every batch.
 */
export function insertForEach(
  g: Pick<RowGroup, "table" | "columns" | "conflict">,
  rows: Array<{ k: number; row: Row }>,
  gate: string,
  returning?: string,
): Fragment {
  return (bind) => `insert into "${g.table}" (${quoted(g.columns)})
    select ${Object.keys(g.columns)
      .map((c) => `v."${c}"`)
      .join(", ")} from ${recordset(bind, g.columns, rows)}
    where v.k = any(array(select k from ${gate}))${g.conflict ? ` on conflict (${g.conflict}) do nothing` : ""}${returning ? ` returning ${returning}` : ""}`;
}

/**
 * One statement (data-modifying CTEs): the attempt `ON CONFLICT (source, external_id) DO NOTHING`,
 * then, only if it was inserted, `effects`. Returns the new attempt's id, or null when the
 * payment was already recorded (nothing else is written then).
 */
async function writeIfNew(db: Db, a: AttemptRow, effects: Fragment[]): Promise<string | null> {
  const [row] = await queryStatement<{ id: string | null }>(
    db,
    statement(
      (p) => `
    with ins_attempt as (${attemptInsert(a)(p)})${effects.map((e, i) => `, w${i} as (${e(p)})`).join("")}
    select (select id from ins_attempt) as id`,
    ),
  );
  return row?.id ?? null;
}

/** The attempt's insert `ON CONFLICT (source, external_id) DO NOTHING RETURNING id`. */
function attemptInsert(a: AttemptRow): Fragment {
  const row = attemptRowValues(a);
  return (p) => `
      insert into payment_attempts (${quoted(ATTEMPT)})
      values (${Object.keys(ATTEMPT)
        .map((c) => p(row[c as keyof typeof ATTEMPT], ATTEMPT[c as keyof typeof ATTEMPT]))
        .join(", ")})
      on conflict (source, external_id) do nothing returning id`;
}

/** Write a new applied payment and all its rows in one statement (see writeIfNew), inside the caller's transaction with the placement locked. */
export function writeAppliedPayment(db: Db, attempt: AttemptRow, w: AppliedPaymentRows): Promise<string | null> {
  const rows = appliedPaymentRowGroups(attempt, w)
    .filter((g) => g.rows.length)
    .map((g) => insertIfNew(g, "ins_attempt"));
  const inst = w.installment;
  if (inst)
    rows.push(
      (b) =>
        `update installments set status = 'paid', paid_at = ${b(inst.paidAt.toISOString(), "timestamptz")} where id = ${b(inst.id, "uuid")} and exists (select 1 from ins_attempt)`,
    );
  const pl = w.placement;
  rows.push(
    (
      b,
    ) => `update placements set recovered_amount = ${b(pl.recoveredAmount.toString(), "bigint")}, fee_amount = ${b(pl.feeAmount.toString(), "bigint")}, status = ${b(pl.status, '"placement_status"')}, updated_at = ${b(pl.updatedAt.toISOString(), "timestamptz")}
    where id = ${b(pl.id, "uuid")} and exists (select 1 from ins_attempt)`,
  );
  return writeIfNew(db, attempt, rows);
}

/**
 * The placement as the rules read it: a writer that did not lock it (no FOR UPDATE) updates it
 * only if it still holds these values, so a concurrent payment cannot be overwritten.
 */
export type PlacementVersion = { recoveredAmount: bigint; feeAmount: bigint; status: string };

/** Write a new unmatched payment, its operator work item and audit event in one statement. */
export function writeUnmatchedPayment(
  db: Db,
  attempt: AttemptRow,
  item: WorkItemInput,
  audit: AuditInput,
): Promise<string | null> {
  return writeIfNew(db, attempt, [
    insertIfNew(
      { table: "work_items", columns: WORK_ITEM, rows: [workItemRow(item)], conflict: "dedupe_key" },
      "ins_attempt",
    ),
    insertIfNew({ table: "audit_events", columns: AUDIT, rows: [auditRow(audit)] }, "ins_attempt"),
  ]);
}
