import type { TenantSettings } from '../../domain/model.js';

/** A tenant's mail settings as `portico tenant set` prints them. */
export function createTenantSettingsView(s: TenantSettings): Record<string, string | boolean | null> {
  return {
    tenantId: s.tenantId,
    privacyStatementUrl: s.privacyStatementUrl,
    preferredLanguage: s.preferredLanguage,
    keepAppInviteMessage: s.keepAppInviteMessage,
  };
}
