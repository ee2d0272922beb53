import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { authenticate } from "@/server/auth/sign-in";
import { resetEnvForTests } from "@/server/env";
import { startSmtpDouble } from "@/server/integrations/mail/double/smtp-double";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { makeCreditor } from "@/server/testing/factories";
import { acceptInvitation, describeInvitation, inviteUser } from "./invitations";
import { createUser } from "./users";

const tokenIn = (body: string) => /\/accept-invite\?token=([\w-]{43})/.exec(body)?.[1];

/** Invitation mail over SMTP, through a local SMTP server TEST DOUBLE (smtp-server on 127.0.0.1). */
describe("invitation mail", () => {
  const t = useTestDb();
  let smtp: Awaited<ReturnType<typeof startSmtpDouble>>;
  let creditor = { id: "", name: "" };
  let inviter = { id: "", name: "" };
  const saved = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL, MAIL_FROM: process.env.MAIL_FROM };
  const setEnv = (vars: Partial<typeof saved>) => {
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    resetEnvForTests();
  };

  beforeAll(async () => {
    smtp = await startSmtpDouble({ refuse: (address) => address.startsWith("bounce") });
    creditor = await makeCreditor(t.db, { name: "Northwind Supplies" });
    inviter = await createUser(
      t.db,
      { email: "ada@northwind.test", name: "Ada Admin", role: "creditor_admin", creditorId: creditor.id },
      { type: "system", id: "test" },
    );
  });
  afterEach(() => {
    setEnv(saved);
    vi.restoreAllMocks();
  });
  afterAll(async () => smtp.close());

  it("mails the invitee who invited them, into which creditor, as what, and a link that accepts", async () => {
    setEnv({
      SMTP_URL: smtp.url,
      APP_URL: "https://clearbook.example",
      MAIL_FROM: "Clearbook <invites@clearbook.example>",
    });
    const api = createCaller(
      createContext({ db: t.db, user: { id: inviter.id, role: "creditor_admin", creditorId: creditor.id } }),
    );
    const before = smtp.received.length;
    const inv = await api.users.invite({ email: "Grace@Example.test", name: "Grace Hopper", role: "creditor_member" });
    expect(inv.delivery).toEqual({ status: "emailed" });
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.rcptTo).toEqual(["grace@example.test"]);
    expect(mail.headers.to).toBe("Grace Hopper <grace@example.test>");
    expect(mail.headers.from).toBe("Clearbook <invites@clearbook.example>");
    expect(mail.headers.subject).toBe("Ada Admin invited you to Northwind Supplies on Clearbook");
    expect(mail.text).toContain("Ada Admin invited you to Northwind Supplies on Clearbook as a member");
    expect(mail.text).toMatch(
      /expires on \w+, \d{1,2} \w+ \d{4} at \d\d:\d\d UTC\. After that, ask Ada Admin for a new invitation\./,
    );
    expect(mail.html).toContain('href="https://clearbook.example/accept-invite?token=');
    const token = tokenIn(mail.text)!;
    expect(tokenIn(mail.html)).toBe(token);
    expect(mail.text).toContain(`https://clearbook.example/accept-invite?token=${token}`);
    expect(await acceptInvitation(t.db, { token, password: "a long enough passphrase" })).toMatchObject({
      email: "grace@example.test",
      creditorId: creditor.id,
      role: "creditor_member",
    });
    expect(
      await authenticate(t.db, { email: "grace@example.test", password: "a long enough passphrase", ip: "127.0.0.1" }),
    ).toMatchObject({ ok: true });
    const [sent] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "invitation.emailed"), eq(auditEvents.targetId, inv.id)));
    expect(sent).toMatchObject({ category: "auth", creditorId: creditor.id, actorId: inviter.id });
  });

  it("names the agency for staff invitations and escapes names in the HTML", async () => {
    setEnv({ SMTP_URL: smtp.url });
    const inv = await inviteUser(
      t.db,
      { kind: "agency" },
      { email: "ops@agency.test", name: "<b>Olive</b> & co", role: "operator" },
      { type: "user", id: inviter.id },
    );
    expect(inv.delivery.status).toBe("emailed");
    const mail = smtp.received.at(-1)!;
    expect(mail.text).toContain("invited you to the agency's back-office on Clearbook as an operator");
    expect(mail.html).toContain("Hello &#60;b&#62;Olive&#60;/b&#62; &#38; co,");
    expect(mail.html).not.toContain("<b>Olive</b>");
    expect(mail.headers.from).toBe("Clearbook <no-reply@localhost>");
  });

  it("keeps the invitation when the mail server refuses it: logged, audited, link handed back", async () => {
    setEnv({ SMTP_URL: smtp.url });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = smtp.received.length;
    const inv = await inviteUser(
      t.db,
      { kind: "creditor", creditorId: creditor.id },
      { email: "bounce@example.test", name: "Bo Unce", role: "creditor_member" },
      { type: "user", id: inviter.id },
    );
    expect(inv.delivery.status).toBe("failed");
    if (inv.delivery.status !== "failed") return;
    expect(inv.delivery.reason).toMatch(/550|mailbox unavailable/);
    expect(smtp.received).toHaveLength(before);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("the email to bounce@example.test"));
    const token = tokenIn(inv.delivery.link)!;
    expect(await describeInvitation(t.db, token)).toMatchObject({ state: "valid", email: "bounce@example.test" });
    const [failed] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "invitation.email_failed"), eq(auditEvents.targetId, inv.id)));
    expect(failed).toMatchObject({ category: "auth", creditorId: creditor.id, actorId: inviter.id });
    expect(String((failed!.details as { reason: string }).reason)).toMatch(/550|mailbox unavailable/);
    expect(await acceptInvitation(t.db, { token, password: "a long enough passphrase" })).toMatchObject({
      email: "bounce@example.test",
    });
  });

  it("keeps the invitation when no mail server answers at all", async () => {
    const closed = await startSmtpDouble();
    await closed.close();
    setEnv({ SMTP_URL: closed.url });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const inv = await inviteUser(
      t.db,
      { kind: "creditor", creditorId: creditor.id },
      { email: "nobody@example.test", name: "No Body", role: "creditor_member" },
      { type: "user", id: inviter.id },
    );
    expect(inv.delivery).toMatchObject({ status: "failed", reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(await describeInvitation(t.db, tokenIn((inv.delivery as { link: string }).link)!)).toMatchObject({
      state: "valid",
    });
  });

  it("prints the link to the server log when no SMTP_URL is set (the demo)", async () => {
    setEnv({ SMTP_URL: undefined });
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const before = smtp.received.length;
    const inv = await inviteUser(
      t.db,
      { kind: "creditor", creditorId: creditor.id },
      { email: "demo@example.test", name: "Demo Person", role: "creditor_admin" },
      { type: "user", id: inviter.id },
    );
    expect(inv.delivery).toEqual({ status: "logged" });
    expect(smtp.received).toHaveLength(before);
    const line = String(info.mock.calls.at(-1)?.[0]);
    expect(line).toMatch(
      /^\[invitation\] Demo Person <demo@example.test> can set a password at http:\/\/localhost:\d+\/accept-invite\?token=/,
    );
    expect(await describeInvitation(t.db, tokenIn(line)!)).toMatchObject({ state: "valid", role: "creditor_admin" });
  });
});
