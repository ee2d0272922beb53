/** Everything the "statement issued" mail says. */
export type StatementMailInput = {
  recipient: { name: string; email: string };
  creditorName: string;
  number: string;
  version: number;
  periodLabel: string;
  reason: string | null;
  link: string;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain-text and HTML bodies; the PDF stays behind sign-in (the link opens the portal's statement page). */
export function statementIssuedMail(m: StatementMailInput) {
  const what = m.version === 1 ? "is ready" : `was re-issued as version ${m.version}`;
  const subject = `${m.creditorName}: statement ${m.number} for ${m.periodLabel} ${what}`.replace(/\s+/g, " ");
  const text = [
    `Hello ${m.recipient.name},`,
    "",
    `The monthly statement ${m.number} of ${m.creditorName} for ${m.periodLabel} ${what}.`,
    ...(m.reason ? [`Reason: ${m.reason}`] : []),
    "",
    "See the summary and download the PDF or CSV (after signing in):",
    m.link,
    "",
    "Clearbook",
  ].join("\n");
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.5; color: #111">
<p>Hello ${e(m.recipient.name)},</p>
<p>The monthly statement <strong>${e(m.number)}</strong> of ${e(m.creditorName)} for ${e(m.periodLabel)} ${e(what)}.</p>
${m.reason ? `<p>Reason: ${e(m.reason)}</p>` : ""}
<p><a href="${e(m.link)}" style="display: inline-block; padding: 8px 16px; background: #111; color: #fff; border-radius: 6px; text-decoration: none">Open the statement</a></p>
<p style="font-size: 13px; color: #555">The PDF and CSV download after you sign in.</p>
</body></html>`;
  return { to: { name: m.recipient.name, address: m.recipient.email }, subject, text, html };
}
