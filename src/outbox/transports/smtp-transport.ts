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
        });
        return { response: String(info.response) };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() { transporter.close(); },
  };
}
