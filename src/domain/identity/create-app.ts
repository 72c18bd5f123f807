import type { Clock } from '../clock.js';
import { badRequest, notFound } from '../errors.js';
import type { AppRegistration } from '../model.js';
import type { Store } from '../ports.js';
import { newClientSecret, newId, sha256 } from '../random.js';
import { parsePermissions } from './permissions.js';
import { certificateCredential } from './app-certificate.js';
import { parseDelegatedScopes } from './delegated-scopes.js';
import { checkRedirectUri } from './redirect-uri.js';

export interface CreatedSecret {
  keyId: string;
  /** Shown once; only its hash is stored. */
  secretText: string;
  hint: string;
  endDateTime: string;
}

const SECRET_LIFETIME_DAYS = 730;

export async function createApp(
  store: Store, clock: Clock, input: {
    tenantId: string; name: string; permissions: string[];
    redirectUris?: string[]; isPublicClient?: boolean; delegated?: string[]; certificatePem?: string;
  },
): Promise<{ app: AppRegistration; secret: CreatedSecret }> {
  const name = input.name.trim();
  if (!name || name.length > 256) throw badRequest('The app name must have 1 to 256 characters.');
  const { ok, unknown } = parsePermissions(input.permissions);
  if (unknown.length > 0) throw badRequest(`Unknown permission(s): ${unknown.join(', ')}.`);
  const delegated = parseDelegatedScopes(input.delegated ?? []);
  if (delegated.unknown.length > 0) throw badRequest(`Unknown delegated permission(s): ${delegated.unknown.join(', ')}.`);
  const isPublicClient = input.isPublicClient ?? false;
  const redirectUris = [...new Set((input.redirectUris ?? []).map((u) => checkRedirectUri(u, isPublicClient)))];
  const certificate = input.certificatePem === undefined ? undefined : certificateCredential(input.certificatePem, clock.now());
  const app: AppRegistration = {
    tenantId: input.tenantId, id: newId(), appId: newId(), servicePrincipalId: newId(), displayName: name,
    permissions: ok, createdDateTime: clock.now().toISOString(), redirectUris, isPublicClient, delegatedScopes: delegated.ok,
  };
  const secret = makeSecret(clock);
  await store.transact(async (r) => {
    await r.apps.insert(app);
    await r.apps.addSecret(app.tenantId, app.appId, toStored(secret, clock));
    if (certificate) await r.apps.addCertificate(app.tenantId, app.appId, certificate);
  });
  return { app, secret };
}

export async function addAppSecret(store: Store, clock: Clock, tenantId: string, appId: string): Promise<CreatedSecret> {
  const secret = makeSecret(clock);
  await store.transact(async (r) => {
    const app = await r.apps.findByAppId(tenantId, appId);
    if (!app) throw notFound(`Application '${appId}' not found in tenant '${tenantId}'.`);
    await r.apps.addSecret(tenantId, app.appId, toStored(secret, clock));
  });
  return secret;
}

function makeSecret(clock: Clock): CreatedSecret {
  const secretText = newClientSecret();
  const end = new Date(clock.now().getTime() + SECRET_LIFETIME_DAYS * 86_400_000);
  return { keyId: newId(), secretText, hint: secretText.slice(0, 3), endDateTime: end.toISOString() };
}

function toStored(s: CreatedSecret, clock: Clock) {
  return { keyId: s.keyId, hint: s.hint, hash: sha256(s.secretText), createdDateTime: clock.now().toISOString(), endDateTime: s.endDateTime };
}
