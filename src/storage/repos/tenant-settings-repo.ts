import { defaultTenantSettings } from '../../domain/model.js';
import type { TenantSettingsRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';

export function tenantSettingsRepo(db: Db): TenantSettingsRepo {
  return {
    async get(tenantId) {
      const { rows: [r] } = await runCompiledOnce(db, 'tenantSettings.get',
        () => db.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId), [tenantId]);
      if (!r) return defaultTenantSettings(tenantId);
      return {
        tenantId, privacyStatementUrl: r.privacy_statement_url, preferredLanguage: r.preferred_language,
        keepAppInviteMessage: r.keep_app_invite_message === 1,
      };
    },
    async set(s) {
      const row = {
        privacy_statement_url: s.privacyStatementUrl, preferred_language: s.preferredLanguage,
        keep_app_invite_message: s.keepAppInviteMessage ? 1 : 0,
      };
      await db.insertInto('tenant_settings').values({ tenant_id: s.tenantId, ...row })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row)).execute();
    },
  };
}
