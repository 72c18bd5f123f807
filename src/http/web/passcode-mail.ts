import type { Services } from '../../app.js';
import type { PasscodeMailer } from '../../domain/invitations/send-passcode.js';
import type { SupportedLanguage } from '../../domain/i18n/languages.js';
import type { RedemptionTarget } from '../../domain/invitations/redemption-ticket.js';
import { Sender } from '../../outbox/sender.js';
import type { WebPages } from './web-pages.js';

/** The passcode mail, in the page's language, sent straight through the mail transport. */
export function passcodeMailer(services: Services, pages: WebPages, lang: SupportedLanguage): PasscodeMailer {
  const sender = new Sender(services.config.mailFrom, services.config.publicUrl);
  return {
    transport: services.mail,
    messageId: (codeId) => sender.messageId(codeId),
    render(code: string, target: RedemptionTarget) {
      const t = pages.translator(lang);
      const organization = target.tenant.displayName;
      const subject = t('mailSubject', { organization });
      const data = { code, organization, subject };
      return { from: sender.from(organization), subject, html: pages.render('passcode-mail-html', lang, data), text: pages.render('passcode-mail-text', lang, data) };
    },
  };
}
