import type { FastifyRequest } from 'fastify';
import { resolveLanguage, type SupportedLanguage } from '../../domain/i18n/languages.js';
import type { RedemptionTarget } from '../../domain/invitations/redemption-ticket.js';
import { acceptedLanguages } from './accept-language.js';
import type { Translate } from './web-pages.js';

/**
 * The page's language (graph-spec §5.1's chain): the invitation's messageLanguage, the guest's
 * preferredLanguage, then the browser's Accept-Language, then en-US.
 */
export function pageLanguage(request: FastifyRequest, target?: RedemptionTarget): SupportedLanguage {
  return resolveLanguage(...[
    target?.invitation.messageInfo.messageLanguage, target?.user.preferredLanguage,
    ...acceptedLanguages(request.headers['accept-language']),
  ]);
}

/** What every page says about the invitation; each value is escaped by the templates. */
export function invitationView(target: RedemptionTarget, t: Translate) {
  const { tenant, invitation } = target;
  const domain = tenant.domains.find((d) => d.isDefault)?.name ?? tenant.initialDomain;
  const organization = tenant.displayName;
  const invitee = invitation.invitedUserEmailAddress;
  const by = invitation.invitedBy;
  // An app invites on behalf of its organization, as Entra's mail says (graph-spec §5.1).
  const intro = by.kind === 'user'
    ? t('landingIntro', { inviter: by.displayName ?? by.userPrincipalName, organization, domain, invitee })
    : t('landingIntroApp', { organization, domain, invitee });
  return { organization, domain, invitee, intro, redirectUrl: invitation.inviteRedirectUrl, privacyUrl: target.settings.privacyStatementUrl };
}
