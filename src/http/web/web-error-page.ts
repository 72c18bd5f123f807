import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { resolveLanguage } from '../../domain/i18n/languages.js';
import { acceptedLanguages } from './accept-language.js';
import type { WebPages } from './web-pages.js';

const messageKeys: Record<string, string> = {
  Redemption_InvalidLink: 'errInvalidLink',
  Redemption_SessionExpired: 'errSessionExpired',
  Redemption_FormExpired: 'errFormExpired',
  Redemption_NotVerified: 'errNotVerified',
  Redemption_MailFailed: 'errMailFailed',
  Redemption_NoHomeAccount: 'errNoHomeAccount',
};

/**
 * The one serializer of errors on the web pages: a friendly, localized HTML page with the right
 * 4xx status. Anything unexpected is a generic page (500) whose cause is only in the server log.
 */
export function sendWebError(pages: WebPages, request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const lang = resolveLanguage(...acceptedLanguages(request.headers['accept-language']));
  let status = 500;
  let key = 'errGeneric';
  if (err instanceof DomainError) {
    status = err.status;
    key = messageKeys[err.code] ?? 'errGeneric';
  } else if ((err as { validation?: unknown }).validation) {
    // A POST without its form token, or with a mangled one, is a stale or forged form.
    status = 403;
    key = 'errFormExpired';
  } else {
    const code = (err as { statusCode?: unknown }).statusCode;
    if (typeof code === 'number' && code >= 400 && code < 500) status = code;
  }
  if (status >= 500) request.log.error({ err }, 'error on a web page');
  const t = pages.translator(lang);
  const html = pages.render('message', lang, { title: t('errorTitle'), organization: 'Portico', message: t(key), alert: true });
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}
