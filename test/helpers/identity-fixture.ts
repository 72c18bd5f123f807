import { systemClock } from '../../src/domain/clock.js';
import { grantAdminConsent } from '../../src/domain/identity/consent.js';
import { createApp } from '../../src/domain/identity/create-app.js';
import type { AppRegistration, Tenant, User } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { createMemberUser } from '../../src/domain/users/create-user.js';

export const REDIRECT = 'http://localhost:7000/callback';
export const PASSWORD = 'Correct#Horse7';

export interface SignInApp { app: AppRegistration; secret: string }

/** A member who signs in with PASSWORD, made the way `portico user create` makes one. */
export function member(store: Store, tenant: Tenant, name: string, password = PASSWORD): Promise<User> {
  return createMemberUser(store, systemClock, tenant, {
    accountEnabled: true, displayName: name, userPrincipalName: `${name.toLowerCase().replace(/\W/g, '')}@${tenant.initialDomain}`,
    mailNickname: name.toLowerCase().replace(/\W/g, ''), passwordProfile: { password },
  });
}

/** An app registered for sign-in (`portico app create --redirect-uri … --delegated …`). */
export async function signInApp(
  store: Store, tenant: Tenant, opts: { publicClient: boolean; delegated: string[]; adminConsent?: string[]; certificatePem?: string; redirectUris?: string[] },
): Promise<SignInApp> {
  const { app, secret } = await createApp(store, systemClock, {
    tenantId: tenant.id, name: `Sign-in app ${Math.random().toString(36).slice(2, 6)}`, permissions: [],
    redirectUris: opts.redirectUris ?? [REDIRECT], isPublicClient: opts.publicClient, delegated: opts.delegated, certificatePem: opts.certificatePem,
  });
  if (opts.adminConsent) await grantAdminConsent(store, systemClock, tenant.id, app.appId, opts.adminConsent);
  return { app, secret: secret.secretText };
}
