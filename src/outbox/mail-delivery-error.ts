/**
 * A transport's refusal, classified for the dispatcher. RFC 5321 §4.2.1: a 4yz reply is a
 * transient failure ("try again later"), a 5yz reply a permanent one; a connection that cannot be
 * made or breaks is transient too.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The server's reply line, when it answered. */
    readonly reply: string | null,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

interface SmtpFailure { message?: string; code?: string; responseCode?: number; response?: string }

/** Classifies what nodemailer rejects with. */
export function classifySmtpError(err: unknown): MailDeliveryError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpFailure;
  const reply = typeof e.response === 'string' && e.response ? e.response.split(/\r?\n/)[0] : null;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (code !== null) return new MailDeliveryError(reply ?? `SMTP ${code}`, code >= 500, reply);
  // No reply code: the connection failed (ECONNECTION, ETIMEDOUT, ESOCKET...), which is transient;
  // an envelope nodemailer itself refuses (EENVELOPE: no valid recipient) will never go.
  const message = [e.code, e.message].filter(Boolean).join(': ') || String(err);
  return new MailDeliveryError(message, e.code === 'EENVELOPE', null);
}
