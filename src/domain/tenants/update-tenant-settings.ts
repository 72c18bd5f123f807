import { badRequest } from '../errors.js';
import { matchLanguage, supportedLanguages } from '../i18n/languages.js';
import type { TenantSettings } from '../model.js';
import type { Store } from '../ports.js';

/** A change to a tenant's mail settings; `null` clears a value, `undefined` keeps it. */
export interface TenantSettingsPatch {
  privacyStatementUrl?: string | null;
  preferredLanguage?: string | null;
  keepAppInviteMessage?: boolean;
}

export async function updateTenantSettings(store: Store, tenantId: string, patch: TenantSettingsPatch): Promise<TenantSettings> {
  const url = patch.privacyStatementUrl;
  if (url !== undefined && url !== null) {
    let parsed: URL | null = null;
    try { parsed = new URL(url); } catch { /* refused below */ }
    // Shown as a link in every mail: only absolute web URLs, never javascript: or data:.
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw badRequest(`The privacy statement URL '${url}' must be an absolute http or https URL.`);
    }
  }
  let language = patch.preferredLanguage;
  if (language !== undefined && language !== null) {
    const match = matchLanguage(language);
    if (!match) throw badRequest(`The language '${language}' is not supported; use one of ${supportedLanguages.join(', ')}.`);
    language = match;
  }
  return store.transact(async (r) => {
    const current = await r.tenantSettings.get(tenantId);
    const next: TenantSettings = {
      ...current,
      ...(url === undefined ? {} : { privacyStatementUrl: url }),
      ...(language === undefined ? {} : { preferredLanguage: language }),
      ...(patch.keepAppInviteMessage === undefined ? {} : { keepAppInviteMessage: patch.keepAppInviteMessage }),
    };
    await r.tenantSettings.set(next);
    return next;
  });
}
