import { Inngest } from "inngest";

/**
 * The Inngest client. Cloud mode unless INNGEST_DEV is set (the SDK reads INNGEST_* itself);
 * whether Inngest runs our jobs at all is decided in server/jobs/mode.ts.
 */
export const inngest = new Inngest({ id: "clearbook" });
