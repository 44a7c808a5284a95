/**
 * A local SMTP sink for the end-to-end tests and `npm run verify`: a real SMTP server
 * (smtp-server), no TLS and no AUTH advertised, so Alertmanager sends in plain text without
 * authenticating. Every message is parsed (mailparser) and recorded with its arrival time.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface MailRecord {
  at: number;
  kind: "email";
  to: string[];
  subject: string;
  html: string;
  /** Every header as sent, by lower-case name (an e-mail integration's `headers` arrive here). */
  headers: Record<string, string>;
}

export function createSmtpCapture(): { server: SMTPServer; records: MailRecord[] } {
  const records: MailRecord[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    // No network here to resolve 127.0.0.1 backwards; the lookup would stall every delivery for seconds.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream)
        .then((mail) => {
          const headers = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(":") + 1).trim()]));
          records.push({ at: Date.now(), kind: "email", to, subject: mail.subject ?? "", html: typeof mail.html === "string" ? mail.html : "", headers });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  return { server, records };
}
