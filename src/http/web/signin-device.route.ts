import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { nextStep } from '../../domain/identity/authorize-request.js';
import { grantUserConsent } from '../../domain/identity/consent.js';
import { needsAdminConsent } from '../../domain/identity/delegated-scopes.js';
import { completeDevice, findPendingDevice } from '../../domain/identity/device-authorization.js';
import { OAuthError } from '../../domain/identity/oauth-error.js';
import { fromScopeString } from '../../domain/identity/scope-request.js';
import { verifySignIn } from '../../domain/identity/sign-in.js';
import type { DeviceAuthorization, SignInSession } from '../../domain/model.js';
import { beginSession, consentPage, sessionOf, signInPage, type PageContext } from './signin-interaction.js';
import { sendPage } from './signin-pages.js';
import { errorPage, signInErrorText } from './signin-responses.js';
import type { CsrfGuard } from './signin-security.js';

type Form = Record<string, string | undefined>;
const PATH = '/devicelogin';

/**
 * `{public-url}/devicelogin` (RFC 8628 §3.3): the person types the code shown on the device, signs
 * in to that code's tenant, consents, and the device's polling then succeeds.
 */
export function deviceLoginRoutes(app: FastifyInstance, services: Services, csrf: CsrfGuard): void {
  const codePage = (request: FastifyRequest, reply: FastifyReply, code: string, error: string | null) =>
    sendPage(reply, 'device-code', { action: PATH, csrf: csrf.token(request, reply), code, error });

  app.get(PATH, async (request, reply) => codePage(request, reply, String((request.query as Record<string, unknown>).otc ?? ''), null));

  app.post(PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    if (!csrf.verify(request, form.csrf)) {
      return errorPage(reply, new OAuthError('invalid_request', 90023, 'The form was not sent from this page, or its session expired. Start again.'), request.id, 403);
    }
    const userCode = form.step === 'code' ? form.otc ?? '' : new URLSearchParams(form.request ?? '').get('device') ?? '';
    const device = await findPendingDevice(services.store, services.clock, userCode);
    if (!device) return codePage(request, reply, form.otc ?? '', 'That code didn’t work. Check the code and try again.');
    const tenant = await services.store.tenants.findById(device.tenantId);
    const client = tenant && await services.store.apps.findByAppId(tenant.id, device.clientId);
    if (!tenant || !client) return codePage(request, reply, '', 'That code didn’t work. Check the code and try again.');
    const c: PageContext = {
      request, reply, csrf, action: PATH, carried: new URLSearchParams({ device: device.userCode }).toString(), tenant, app: client, formTargets: [],
    };
    let session = await sessionOf(services, request, tenant.id);
    if (form.step === 'sign-in') {
      try {
        const user = await verifySignIn(services.store, services.clock, tenant, form.login ?? '', form.passwd ?? '', request.ip);
        session = await beginSession(services, reply, tenant.id, user);
      } catch (err) {
        if (err instanceof OAuthError) return signInPage(c, form.login ?? '', signInErrorText(err));
        throw err;
      }
    } else if (form.step === 'consent' && session) {
      if (form.decision !== 'accept') return finish(services, reply, device, session, false, client.displayName);
      const grantable = fromScopeString(device.scopes.join(' ')).graph.filter((s) => !needsAdminConsent(s));
      const userId = session.userId;
      await services.store.transact((r) => grantUserConsent(r, services.clock, tenant.id, client.appId, userId, grantable));
    }
    const next = await nextStep(services.store, services.clock, tenant.id, client, fromScopeString(device.scopes.join(' ')), session, { forceLogin: false, forceConsent: false });
    if (next.kind === 'sign-in' || !session) return signInPage(c, '', null);
    if (next.kind !== 'done') return consentPage(c, services, session, next.missing, next.kind === 'admin-consent-required');
    return finish(services, reply, device, session, true, client.displayName);
  });
}

async function finish(services: Services, reply: FastifyReply, device: DeviceAuthorization, session: SignInSession, approved: boolean, appName: string): Promise<FastifyReply> {
  const user = await services.store.users.findById(session.tenantId, session.userId);
  if (!user) return sendPage(reply, 'message', { title: 'Sign-in failed', message: 'The account no longer exists.' });
  await completeDevice(services.store, services.clock, device, user, approved);
  return sendPage(reply, 'message', approved
    ? { title: appName, message: `You have signed in to the ${appName} application on your device. You may now close this window.` }
    : { title: appName, message: 'You declined to sign in to the application on your device. You may now close this window.' });
}
