import { z } from "zod";
import { parseAmountLimits } from "@/server/domain/amount-limits";
import { parseAutoTiers } from "@/server/domain/matching";
import { parseSlaDays } from "@/server/domain/work-items";

/**
 * The only reader of process.env. Validated once, on first use, so a bad value
 * fails loudly at start-up with the variable's name instead of deep in a request.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Unset → embedded PGlite in CLEARBOOK_DATA_DIR. postgres:// → node-postgres. Neon host or DATABASE_DRIVER=neon → Neon Pool. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_DRIVER: z.enum(["pglite", "postgres", "neon"]).optional(),
  /** The webhook's hot statements go out as named prepared statements; `off` behind a transaction-mode pooler that cannot keep them. */
  DATABASE_NAMED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  /**
   * Stripe payments written together (server/services/stripe-events/payment-batch.ts): how many batches
   * may be at the database at once; payments that arrive meanwhile wait and go in the next batch.
   * 0 writes every payment alone.
   */
  STRIPE_PAYMENT_BATCHES: z.coerce.number().int().min(0).max(64).default(2),
  /** Connections per server process (node-postgres and Neon pools). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** ws(s):// proxy for the Neon driver when it talks to a plain PostgreSQL (tests, local). */
  NEON_WS_PROXY: z.string().optional(),
  CLEARBOOK_DATA_DIR: z.string().default(".data/pglite"),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (Vercel, a load balancer, nginx): the
   * client is the entry this far from the right. Default 0, the safe choice: nothing in the headers is
   * trusted (a plain `next start` keeps whatever X-Forwarded-For the client wrote), every sign-in comes
   * from "unknown" and the per-account limits apply. A deployment behind proxies sets the real count:
   * one too many trusts an address the client wrote itself.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Business maxima of amounts by currency, in major units: `USD=5000000,JPY=700000000`. Every
   * surface that takes an amount refuses one above it (server/domain/amount-limits.ts); a currency
   * not named has the default (10^12 minor units).
   */
  AMOUNT_LIMITS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseAmountLimits(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /**
   * A payment more than this many times its placement's open balance is booked (the money arrived)
   * but opens a "payment review" work item: a typo or an attack is likelier than a real overpayment.
   */
  OVERPAYMENT_REVIEW_MULTIPLE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Matching cascade: the rules (1–4, comma-separated) whose unique candidate applies a payment at once; others are suggested. */
  MATCH_AUTO_TIERS: z
    .string()
    .default("1,2")
    .transform((v, ctx) => {
      try {
        return parseAutoTiers(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /** Service level of work items in business days per kind, over the defaults (server/domain/work-items.ts): `unmatched_payment=2,reversal_decision=5`. */
  WORK_ITEM_SLA_DAYS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseSlaDays(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /**
   * Four-eyes: a reversal decision whose amount is at or above this (major units per currency,
   * `USD=1000,EUR=1000`) is proposed by one person and approved by another (finance or admin). A
   * currency not named uses 1,000.00 in its minor units. A write-off always needs four eyes.
   */
  FOUR_EYES_THRESHOLDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseAmountLimits(v, "FOUR_EYES_THRESHOLDS");
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  /** Matching rule 4 (debtor name): how far the open balance may be from the amount, in basis points of the amount. */
  MATCH_NAME_TOLERANCE_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** Possible duplicate payments: same debtor and amount within this many hours. */
  DUPLICATE_PAYMENT_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(72),
  /** Trust the Host header off Vercel (behind your own proxy); required by Auth.js in production unless AUTH_URL is set. */
  AUTH_TRUST_HOST: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** The agency's own Stripe account (acct_…): with an Organization endpoint, only its events are booked. */
  STRIPE_ACCOUNT_ID: z
    .string()
    .regex(/^acct_[A-Za-z0-9]+$/)
    .optional(),
  STRIPE_WEBHOOK_SECRET_PREVIOUS: z.string().optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  /** "1" enables benchmark-only routes (the minimal Stripe webhook floor). Never set in production. */
  QBO_CLIENT_ID: z.string().optional(),
  QBO_CLIENT_SECRET: z.string().optional(),
  QBO_WEBHOOK_VERIFIER_TOKEN: z.string().optional(),
  QBO_ENVIRONMENT: z.enum(["sandbox", "production", "double"]).default("sandbox"),
  QBO_API_BASE: z.string().url().optional(),
  QBO_OAUTH_BASE: z.string().url().optional(),
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  INNGEST_BASE_URL: z.string().url().optional(),
  /** Who runs background jobs: `auto` (Inngest when configured, else in process), or force one; `off` runs none here. */
  CLEARBOOK_JOBS: z.enum(["auto", "inngest", "in-process", "off"]).default("auto"),
  /** Set by Next itself (`phase-production-build` during `next build`): no jobs start while building. */
  NEXT_PHASE: z.string().optional(),
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset → invitation links go to the server log. */
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .url()
      .refine((v) => /^smtps?:$/.test(new URL(v).protocol), "use smtp:// or smtps://")
      .optional(),
  ),
  /** Sender of invitation mails, e.g. `Clearbook <no-reply@agency.example>`; default no-reply at APP_URL's host. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Days a rendered export stays downloadable before the retention job deletes its file. */
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Outbound webhooks may call loopback addresses (127.0.0.1, ::1): tests and the demo only, never in production. */
  WEBHOOKS_ALLOW_LOOPBACK: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** An endpoint whose deliveries have failed without a success for this many hours is disabled and its admins are emailed. */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** The agency's time zone (IANA name): statement months start at local midnight on the 1st, and the monthly run fires early on the 1st there. */
  AGENCY_TIME_ZONE: z
    .string()
    .default("UTC")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "use an IANA time zone such as UTC, Europe/Berlin or America/New_York"),
  /** Where new files' content goes (server/services/files): `database` (chunks in file_chunks) or `s3`. Each file keeps its own. */
  FILE_STORE: z.enum(["database", "s3"]).default("database"),
  /** The largest single file, in bytes (default 2 GiB); a larger one is refused while it streams in. */
  FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  /** HMAC key of download links; unset → derived from AUTH_SECRET. */
  FILE_LINK_SECRET: z.string().min(32).optional(),
  /** S3-compatible object storage (FILE_STORE=s3). Endpoint unset → AWS; keys unset → the SDK's default chain. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** `true` for MinIO-style servers that take the bucket in the path, not the host name. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Downloads of S3 files: `redirect` to a presigned URL (default), or `proxy` through the app (a bucket browsers cannot reach). */
  S3_DOWNLOAD: z.enum(["redirect", "proxy"]).default("redirect"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated environment. Throws a message listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change variables between cases; they call this to re-read them. */
export function resetEnvForTests(): void {
  cached = undefined;
}
