import type { Services } from '../../app.js';
import type { PasscodeMailer } from '../../domain/invitations/send-passcode.js';
import type { Language } from '../../domain/i18n/languages.js';
import type { RedemptionTarget } from '../../domain/invitations/redemption-ticket.js';
import type { WebPages } from './web-pages.js';

/** The passcode mail, in the page's language, sent straight through the mail transport. */
export function passcodeMailer(services: Services, pages: WebPages, lang: Language): PasscodeMailer {
  return {
    transport: services.mail,
    from: senderFor(services.config.publicUrl),
    render(code: string, target: RedemptionTarget) {
      const t = pages.translator(lang);
      const organization = target.tenant.displayName;
      const subject = t('mailSubject', { organization });
      const data = { code, organization, subject };
      return { subject, html: pages.render('passcode-mail-html', lang, data), text: pages.render('passcode-mail-text', lang, data) };
    },
  };
}

/** `invites@<public host>`; a bare IP or a one-label host is no mail domain, so `localhost` stands in. */
function senderFor(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  const domain = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(host) ? host : 'localhost';
  return `Portico invitations <invites@${domain}>`;
}
