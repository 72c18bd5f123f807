import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Services } from '../../app.js';
import { cancelRedemption, redeemInvitation } from '../../domain/invitations/redeem-invitation.js';
import { redemptionRules } from '../../domain/invitations/redemption-rules.js';
import { loadSession, openRedemption, startRedemption, type LiveSession, type RedemptionDeps } from '../../domain/invitations/redemption-session.js';
import { findHomeAccount } from '../../domain/invitations/home-account.js';
import { sendPasscode } from '../../domain/invitations/send-passcode.js';
import { beginHomeSignIn, signInWithHomeAccount, type HomeSignInRefusal } from '../../domain/invitations/sign-in-home-account.js';
import { verifyPasscode } from '../../domain/invitations/verify-passcode.js';
import { passcodeMailer } from './passcode-mail.js';
import { invitationView, pageLanguage } from './redeem-views.js';
import { clearSessionCookie, sessionRefOf, setSessionCookie } from './web-security.js';
import type { WebPages } from './web-pages.js';

const Form = Type.Object({
  csrf: Type.String({ minLength: 1, maxLength: 100 }),
  code: Type.Optional(Type.String({ maxLength: 40 })),
  // The home account's sign-in form (the authority's field names and limits).
  login: Type.Optional(Type.String({ maxLength: 256 })),
  passwd: Type.Optional(Type.String({ maxLength: 256 })),
});
type FormBody = Static<typeof Form>;
const post = { schema: { body: Form } };

/**
 * The invitee's pages (graph-spec §5.2): landing -> passcode -> Review permissions -> redirect.
 * When the invited address belongs to a member of another tenant on this server, the passcode
 * page also offers "Sign in with your … account" -> sign-in -> Review permissions. Each POST is one
 * step: load the session, spend its form token, call one domain function, and answer with the next
 * page (which carries the next token) or the redirect.
 */
export function redeemRoutes(app: FastifyInstance, services: Services, pages: WebPages): void {
  const deps: RedemptionDeps = { store: services.store, clock: services.clock };
  const secure = services.config.publicUrl.startsWith('https:');

  const page = (request: FastifyRequest, reply: FastifyReply, live: LiveSession, template: string, titleKey: string, data: Record<string, unknown>, status = 200) => {
    const lang = pageLanguage(request, live.target);
    const t = pages.translator(lang);
    const html = pages.render(template, lang, { ...invitationView(live.target, t), title: t(titleKey), ...data });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  };
  const session = (request: FastifyRequest) => loadSession(deps, sessionRefOf(request));
  /** The home organization the passcode page offers to sign in with, if the address has one. */
  const homeName = async (live: LiveSession) => (await findHomeAccount(services.store, live.target))?.tenant.displayName ?? null;
  const codePage = async (request: FastifyRequest, reply: FastifyReply, live: LiveSession, data: Record<string, unknown>, status = 200) =>
    page(request, reply, live, 'code', 'codeTitle', { ...data, home: await homeName(live) }, status);
  const acceptedOrConsent = (request: FastifyRequest, reply: FastifyReply, live: LiveSession, out: { csrf: string; alreadyAccepted: boolean }) => {
    if (!out.alreadyAccepted) return page(request, reply, live, 'consent', 'consentTitle', { csrf: out.csrf });
    clearSessionCookie(reply, secure);
    return reply.redirect(locationOf(live.target.invitation.inviteRedirectUrl), 303);
  };

  app.get('/', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const opened = await openRedemption(deps, { tenantId: text(q.tenant), invitationId: text(q.user), ticket: text(q.ticket) });
    setSessionCookie(reply, opened.ref, secure, redemptionRules.sessionLifetimeMs / 1000);
    return page(request, reply, opened, 'landing', 'landingTitle', { csrf: opened.csrf, home: await homeName(opened) });
  });

  app.post<{ Body: FormBody }>('/start', post, async (request, reply) => {
    const live = await session(request);
    const csrf = await startRedemption(deps, live, request.body.csrf);
    return codePage(request, reply, live, { csrf, sent: false });
  });

  app.post<{ Body: FormBody }>('/send-code', post, async (request, reply) => {
    const live = await session(request);
    const mailer = passcodeMailer(services, pages, pageLanguage(request, live.target));
    const out = await sendPasscode({ ...deps, mailer }, live, request.body.csrf);
    if (out.kind === 'sent') return codePage(request, reply, live, { csrf: out.csrf, sent: true });
    const t = pages.translator(pageLanguage(request, live.target));
    reply.header('retry-after', String(out.retryAfterSeconds));
    return codePage(request, reply, live, { csrf: out.csrf, sent: true, notice: t('throttled', { seconds: out.retryAfterSeconds }) }, 429);
  });

  app.post<{ Body: FormBody }>('/verify', post, async (request, reply) => {
    const live = await session(request);
    const out = await verifyPasscode(deps, live, request.body.csrf, request.body.code ?? '');
    if (out.kind === 'verified') return acceptedOrConsent(request, reply, live, out);
    const t = pages.translator(pageLanguage(request, live.target));
    const notice = out.kind === 'wrong' ? t('wrongCode', { tries: out.triesLeft })
      : t(out.kind === 'expired' ? 'codeExpired' : out.kind === 'locked' ? 'codeLocked' : 'noCode');
    return codePage(request, reply, live, { csrf: out.csrf, sent: out.kind === 'wrong', notice }, 400);
  });

  app.post<{ Body: FormBody }>('/home', post, async (request, reply) => {
    const live = await session(request);
    const { csrf, home } = await beginHomeSignIn(deps, live, request.body.csrf);
    return page(request, reply, live, 'home-sign-in', 'homeTitle', { csrf, home: home.tenant.displayName, login: live.target.invitation.invitedUserEmailAddress });
  });

  app.post<{ Body: FormBody }>('/home/sign-in', post, async (request, reply) => {
    const live = await session(request);
    const login = request.body.login ?? '';
    const out = await signInWithHomeAccount(deps, live, request.body.csrf, { login, password: request.body.passwd ?? '', sourceAddress: request.ip });
    if (out.kind === 'signedIn') return acceptedOrConsent(request, reply, live, out);
    const t = pages.translator(pageLanguage(request, live.target));
    const home = out.home.tenant.displayName;
    const notice = t(refusalKeys[out.reason], { home, invitee: live.target.invitation.invitedUserEmailAddress });
    return page(request, reply, live, 'home-sign-in', 'homeTitle', { csrf: out.csrf, home, login, notice }, out.reason === 'locked' ? 429 : 400);
  });

  app.post<{ Body: FormBody }>('/accept', post, async (request, reply) => {
    const live = await session(request);
    const { redirectUrl } = await redeemInvitation(deps, live, request.body.csrf);
    clearSessionCookie(reply, secure);
    return reply.redirect(locationOf(redirectUrl), 303);
  });

  app.post<{ Body: FormBody }>('/cancel', post, async (request, reply) => {
    const live = await session(request);
    await cancelRedemption(deps, live, request.body.csrf);
    clearSessionCookie(reply, secure);
    const t = pages.translator(pageLanguage(request, live.target));
    return page(request, reply, live, 'message', 'cancelledTitle', { message: t('cancelledBody', { organization: live.target.tenant.displayName }) });
  });
}

const refusalKeys: Record<HomeSignInRefusal, string> = {
  invalidCredentials: 'homeWrongPassword',
  locked: 'homeLocked',
  disabled: 'homeDisabled',
  otherAccount: 'homeOtherAccount',
  guestAccount: 'homeGuestAccount',
};

/**
 * The stored redirect URL as a Location value: the same URL in its serialized form (WHATWG URL),
 * so non-ASCII characters are percent-encoded and no control character can reach the header.
 */
function locationOf(url: string): string {
  return new URL(url).href;
}
