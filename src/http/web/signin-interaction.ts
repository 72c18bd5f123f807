import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { graphDelegatedScopes } from '../../domain/identity/delegated-scopes.js';
import type { AppRegistration, SignInSession, Tenant, User } from '../../domain/model.js';
import { currentSession, SESSION_LIFETIME_SECONDS, startSession } from '../../domain/identity/sessions.js';
import { sendPage } from './signin-pages.js';
import { appendCookie, cookie, parseCookies, type CsrfGuard } from './signin-security.js';

/** Shared pieces of the two interactive flows (authorize and device login): session and pages. */
export const sessionCookieName = (tenantId: string): string => `portico_session_${tenantId.replace(/-/g, '')}`;

export function sessionOf(services: Services, request: FastifyRequest, tenantId: string): Promise<SignInSession | undefined> {
  return currentSession(services.store, services.clock, tenantId, parseCookies(request).get(sessionCookieName(tenantId)));
}

export async function beginSession(services: Services, reply: FastifyReply, tenantId: string, user: User): Promise<SignInSession> {
  const { id, session } = await startSession(services.store, services.clock, tenantId, user.id);
  appendCookie(reply, cookie(sessionCookieName(tenantId), id, { secure: services.config.publicUrl.startsWith('https:'), maxAge: SESSION_LIFETIME_SECONDS }));
  return session;
}

export interface PageContext {
  request: FastifyRequest;
  reply: FastifyReply;
  csrf: CsrfGuard;
  /** The form's action (relative path) and the serialized request it carries. */
  action: string;
  carried: string;
  tenant: Tenant;
  app: AppRegistration;
  formTargets: string[];
}

export function signInPage(ctx: PageContext, login: string, error: string | null): FastifyReply {
  return sendPage(ctx.reply, 'sign-in', {
    tenantName: ctx.tenant.displayName, appName: ctx.app.displayName, action: ctx.action, request: ctx.carried,
    csrf: ctx.csrf.token(ctx.request, ctx.reply), login, error,
  }, { formTargets: ctx.formTargets });
}

export async function consentPage(ctx: PageContext, services: Services, session: SignInSession, scopes: string[], adminOnly: boolean): Promise<FastifyReply> {
  const user = await services.store.users.findById(ctx.tenant.id, session.userId);
  return sendPage(ctx.reply, adminOnly ? 'admin-required' : 'consent', {
    userName: user?.userPrincipalName ?? '', appName: ctx.app.displayName, action: ctx.action, request: ctx.carried,
    csrf: ctx.csrf.token(ctx.request, ctx.reply),
    scopes: scopes.map((name) => ({ name, description: graphDelegatedScopes[name]?.description ?? name })),
  }, { formTargets: ctx.formTargets });
}
