import nodemailer from 'nodemailer';
import type { MailTransport } from '../../domain/ports.js';
import { classifySmtpError } from '../mail-delivery-error.js';

/**
 * SMTP through nodemailer with pooled connections. `smtp://` upgrades with STARTTLS when the server
 * offers it; `smtps://` is implicit TLS. Credentials come from the URL's user info; nodemailer's
 * options (e.g. `maxConnections`) may be given as query parameters.
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url.includes('?') ? `${url}&pool=true` : `${url}?pool=true`);
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          messageId: mail.messageId, from: mail.from, to: mail.to, cc: mail.cc.length ? mail.cc : undefined,
          replyTo: mail.replyTo, subject: mail.subject, text: mail.text, html: mail.html,
          // Chosen here: nodemailer's own choice builds an array of every letter of every part.
          textEncoding: mostlyAscii(mail.text) ? 'quoted-printable' : 'base64',
        });
        return { response: String(info.response) };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() { transporter.close(); },
  };
}

/** Quoted-printable suits text that is mostly ASCII (RFC 2045 §6.7); base64 suits the rest (e.g. Japanese). */
function mostlyAscii(text: string): boolean {
  let high = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) high++;
  return high * 4 < text.length;
}
