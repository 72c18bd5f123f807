import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { issueAuthorizationCode } from '../../domain/identity/authorization-codes.js';
import { nextStep, parseAuthorizeRequest, type AuthorizeRequest } from '../../domain/identity/authorize-request.js';
import { grantUserConsent } from '../../domain/identity/consent.js';
import { needsAdminConsent } from '../../domain/identity/delegated-scopes.js';
import { OAuthError, oauthErrors } from '../../domain/identity/oauth-error.js';
import { verifySignIn } from '../../domain/identity/sign-in.js';
import type { SignInSession } from '../../domain/model.js';
import { beginSession, consentPage, sessionOf, signInPage, type PageContext } from './signin-interaction.js';
import { errorPage, redirectError, respondToClient, signInErrorText, type ClientTarget } from './signin-responses.js';
import type { CsrfGuard } from './signin-security.js';

type Form = Record<string, string | undefined>;

const target = (r: AuthorizeRequest): ClientTarget => ({ redirectUri: r.redirectUri, responseMode: r.responseMode, state: r.state });

/**
 * `/{tenant}/oauth2/v2.0/authorize` (authorization code flow with PKCE, OIDC Core §3.1.2): GET
 * starts or resumes; the sign-in and consent pages POST back here carrying the original request,
 * which is validated again from scratch each time (nothing about it is trusted from the form).
 */
export function authorizeRoutes(app: FastifyInstance, services: Services, csrf: CsrfGuard): void {
  const path = '/:tenant/oauth2/v2.0/authorize';

  app.get(path, async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const params = new URLSearchParams(request.url.split('?')[1] ?? '');
    const req = await parsed(services, request, reply, tenant, params);
    if (!req) return reply;
    const session = await sessionOf(services, request, req.tenant.id);
    return proceed(services, ctx(request, reply, csrf, tenant, params, req), req, session,
      { forceLogin: req.prompt === 'login', forceConsent: req.prompt === 'consent' });
  });

  app.post(path, async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const form = (request.body ?? {}) as Form;
    if (!csrf.verify(request, form.csrf)) return errorPage(reply, csrfError(), request.id, 403);
    const params = new URLSearchParams(form.request ?? '');
    const req = await parsed(services, request, reply, tenant, params);
    if (!req) return reply;
    const c = ctx(request, reply, csrf, tenant, params, req);
    if (form.step === 'sign-in') {
      try {
        const user = await verifySignIn(services.store, services.clock, req.tenant, form.login ?? '', form.passwd ?? '', request.ip);
        const session = await beginSession(services, reply, req.tenant.id, user);
        return proceed(services, c, req, session, { forceLogin: false, forceConsent: req.prompt === 'consent' });
      } catch (err) {
        if (err instanceof OAuthError) return signInPage(c, form.login ?? '', signInErrorText(err));
        throw err;
      }
    }
    const session = await sessionOf(services, request, req.tenant.id);
    if (!session) return signInPage(c, req.loginHint ?? '', null);
    if (form.decision !== 'accept') return redirectError(reply, target(req), oauthErrors.userDeclined(), request.id);
    // Only what a user may grant is recorded; admin-only scopes need a tenant-wide grant.
    const grantable = req.scopes.graph.filter((s) => !needsAdminConsent(s));
    await services.store.transact((r) => grantUserConsent(r, services.clock, req.tenant.id, req.app.appId, session.userId, grantable));
    return proceed(services, c, req, session, { forceLogin: false, forceConsent: false });
  });
}

const csrfError = () => new OAuthError('invalid_request', 90023, 'The form was not sent from this sign-in page, or its session expired. Start signing in again from the application.');

function ctx(request: FastifyRequest, reply: FastifyReply, csrf: CsrfGuard, segment: string, params: URLSearchParams, req: AuthorizeRequest): PageContext {
  return {
    request, reply, csrf, action: `/${encodeURIComponent(segment)}/oauth2/v2.0/authorize`, carried: params.toString(),
    tenant: req.tenant, app: req.app, formTargets: [req.redirectUri],
  };
}

async function parsed(services: Services, request: FastifyRequest, reply: FastifyReply, tenant: string, params: URLSearchParams): Promise<AuthorizeRequest | undefined> {
  const p = await parseAuthorizeRequest(services.store, tenant, params);
  if (p.kind === 'fatal') { errorPage(reply, p.error, request.id); return undefined; }
  if (p.kind === 'redirect-error') { redirectError(reply, p, p.error, request.id); return undefined; }
  return p.request;
}

async function proceed(
  services: Services, c: PageContext, req: AuthorizeRequest, session: SignInSession | undefined, flags: { forceLogin: boolean; forceConsent: boolean },
): Promise<FastifyReply> {
  const next = await nextStep(services.store, services.clock, req.tenant.id, req.app, req.scopes, session, flags);
  const silent = req.prompt === 'none';
  switch (next.kind) {
    case 'sign-in':
      return silent ? redirectError(c.reply, target(req), oauthErrors.loginRequired(), c.request.id) : signInPage(c, req.loginHint ?? '', null);
    case 'consent':
    case 'admin-consent-required':
      if (silent || !session) return redirectError(c.reply, target(req), oauthErrors.interactionRequired(req.app.appId), c.request.id);
      return consentPage(c, services, session, next.missing, next.kind === 'admin-consent-required');
    case 'done': {
      const code = await issueAuthorizationCode(services.store, services.clock, {
        tenantId: req.tenant.id, clientId: req.app.appId, userId: next.session.userId, redirectUri: req.redirectUri,
        scopes: [...req.scopes.graph, ...req.scopes.oidc], nonce: req.nonce, codeChallenge: req.codeChallenge,
        codeChallengeMethod: req.codeChallengeMethod, authTime: next.session.authTime,
      });
      return respondToClient(c.reply, target(req), { code, client_info: clientInfo(next.session) });
    }
  }
}

const clientInfo = (s: SignInSession) => Buffer.from(JSON.stringify({ uid: s.userId, utid: s.tenantId })).toString('base64url');
