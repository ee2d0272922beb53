/**
 * TEST DOUBLE of a mail server, for tests only: a real SMTP server (the `smtp-server` package) on
 * 127.0.0.1, so nodemailer's whole SMTP conversation runs as it would against a real relay. It
 * keeps every message it accepts and, like a real server, can refuse recipients with a 550.
 * No TLS and no authentication: it never leaves the loopback interface.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  /** Envelope recipients (RCPT TO), which decide where a mail really goes. */
  rcptTo: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
};

type Part = { headers: Record<string, string>; body: string };

function splitHead(raw: string): Part {
  const at = raw.indexOf("\r\n\r\n");
  const head = at < 0 ? raw : raw.slice(0, at);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: at < 0 ? "" : raw.slice(at + 4) };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body, "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = part.body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return part.body;
}

/** Leaf parts of a MIME message (multipart/* opened recursively). */
function leaves(part: Part): Part[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers["content-type"] ?? "")?.[1];
  if (!boundary) return [part];
  return part.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith("--"))
    .flatMap((chunk) => leaves(splitHead(chunk.replace(/^\r\n/, ""))));
}

function parse(raw: string, rcptTo: string[]): ReceivedMail {
  const root = splitHead(raw);
  const parts = leaves(root);
  const bodyOf = (type: string) => {
    const part = parts.find((p) => (p.headers["content-type"] ?? "text/plain").toLowerCase().startsWith(type));
    return part ? decodeBody(part) : "";
  };
  return { rcptTo, headers: root.headers, text: bodyOf("text/plain"), html: bodyOf("text/html") };
}

/** Start the double on a free loopback port. `refuse(address)` → that recipient gets a 550. */
export async function startSmtpDouble(opts: { refuse?: (address: string) => boolean } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.(address.address))
        return callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push(
          parse(
            Buffer.concat(chunks).toString("latin1"),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
