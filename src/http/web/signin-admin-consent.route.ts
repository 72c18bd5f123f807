import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { grantAdminConsent } from '../../domain/identity/consent.js';
import { mayGrantAdminConsent } from '../../domain/identity/consent-admins.js';
import { parseDelegatedScopes } from '../../domain/identity/delegated-scopes.js';
import { OAuthError, oauthErrors } from '../../domain/identity/oauth-error.js';
import { verifySignIn } from '../../domain/identity/sign-in.js';
import type { AppRegistration, SignInSession, Tenant } from '../../domain/model.js';
import { beginSession, consentPage, sessionOf, signInPage, type PageContext } from './signin-interaction.js';
import { errorPage, respondToClient, signInErrorText, type ClientTarget } from './signin-responses.js';
import type { CsrfGuard } from './signin-security.js';

type Form = Record<string, string | undefined>;
interface AdminConsentRequest { tenant: Tenant; app: AppRegistration; scopes: string[]; target: ClientTarget }

/**
 * `GET /{tenant}/adminconsent?client_id&redirect_uri&state[&scope]` (the client credentials doc's
 * admin consent request): an administrator signs in and grants the app's delegated permissions for
 * everyone; the app gets `tenant`, `state`, `admin_consent=True`, or `error=permission_denied`.
 */
export function adminConsentRoutes(app: FastifyInstance, services: Services, csrf: CsrfGuard): void {
  const path = '/:tenant/adminconsent';

  app.get(path, async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const params = new URLSearchParams(request.url.split('?')[1] ?? '');
    const req = await parse(services, tenant, params);
    const c = ctx(request, reply, csrf, tenant, params, req);
    return proceed(services, c, req, await sessionOf(services, request, req.tenant.id));
  });

  app.post(path, async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const form = (request.body ?? {}) as Form;
    if (!csrf.verify(request, form.csrf)) return errorPage(reply, new OAuthError('invalid_request', 90023, 'The form was not sent from this page. Start again.'), request.id, 403);
    const params = new URLSearchParams(form.request ?? '');
    const req = await parse(services, tenant, params);
    const c = ctx(request, reply, csrf, tenant, params, req);
    if (form.step === 'sign-in') {
      try {
        const user = await verifySignIn(services.store, services.clock, req.tenant, form.login ?? '', form.passwd ?? '', request.ip);
        return proceed(services, c, req, await beginSession(services, reply, req.tenant.id, user));
      } catch (err) {
        if (err instanceof OAuthError) return signInPage(c, form.login ?? '', signInErrorText(err));
        throw err;
      }
    }
    const session = await sessionOf(services, request, req.tenant.id);
    if (!session) return signInPage(c, '', null);
    if (form.decision !== 'accept' || !(await mayGrantAdminConsent(services.store, req.tenant.id, session.userId))) {
      return respondToClient(reply, req.target, { error: 'permission_denied', error_description: 'The admin canceled the request' });
    }
    await grantAdminConsent(services.store, services.clock, req.tenant.id, req.app.appId, req.scopes);
    return respondToClient(reply, req.target, { tenant: req.tenant.id, admin_consent: 'True' });
  });
}

async function parse(services: Services, segment: string, p: URLSearchParams): Promise<AdminConsentRequest> {
  const tenant = await services.store.tenants.findByIdOrDomain(segment);
  if (!tenant) throw oauthErrors.tenantNotFound(segment);
  const clientId = p.get('client_id');
  if (!clientId) throw oauthErrors.missingParameter('client_id');
  const app = await services.store.apps.findByAppId(tenant.id, clientId);
  if (!app) throw oauthErrors.appNotFound(clientId, tenant.id);
  const redirectUri = p.get('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : null);
  if (!redirectUri) throw oauthErrors.missingParameter('redirect_uri');
  if (!app.redirectUris.includes(redirectUri)) throw oauthErrors.redirectMismatch(redirectUri, app.appId);
  const names = (p.get('scope') ?? '').split(/\s+/).filter(Boolean).map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, ''))
    .filter((s) => !['openid', 'profile', 'email', 'offline_access', '.default'].includes(s.toLowerCase()));
  const parsed = parseDelegatedScopes(names.length > 0 ? names : app.delegatedScopes);
  if (parsed.unknown.length > 0 || parsed.ok.length === 0) throw new OAuthError('invalid_scope', 70011, 'The app asks for no delegated permissions Portico knows.');
  return { tenant, app, scopes: parsed.ok, target: { redirectUri, responseMode: 'query', state: p.get('state') } };
}

function ctx(request: FastifyRequest, reply: FastifyReply, csrf: CsrfGuard, segment: string, params: URLSearchParams, req: AdminConsentRequest): PageContext {
  return {
    request, reply, csrf, action: `/${encodeURIComponent(segment)}/adminconsent`, carried: params.toString(),
    tenant: req.tenant, app: req.app, formTargets: [req.target.redirectUri],
  };
}

async function proceed(services: Services, c: PageContext, req: AdminConsentRequest, session: SignInSession | undefined): Promise<FastifyReply> {
  if (!session) return signInPage(c, '', null);
  const admin = await mayGrantAdminConsent(services.store, req.tenant.id, session.userId);
  // A non-admin sees "Need admin approval" and can only go back; an admin sees what they grant for everyone.
  return consentPage(c, services, session, req.scopes, !admin);
}
