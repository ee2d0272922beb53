import type { Db } from "@/db/client";
import type { QboDeps } from "@/server/services/qbo-connections";

/** What jobs need from the outside, whichever executor runs them. Tests pass a test database and the QBO double. */
export type JobDeps = {
  db: () => Promise<Db>;
  /** QuickBooks endpoints, keys and transport options; unset → from the environment. */
  qbo?: QboDeps;
  now?: () => Date;
};
