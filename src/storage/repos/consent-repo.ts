import type { ConsentRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

/** Consent grants (Graph's oauth2PermissionGrant); '' in principal_id is AllPrincipals. */
export function consentRepo(db: Db): ConsentRepo {
  return {
    async grant(g) {
      const principal = g.principalId ?? '';
      const existing = await db.selectFrom('consent_grants').select('scopes')
        .where('tenant_id', '=', g.tenantId).where('client_id', '=', g.clientId).where('principal_id', '=', principal).executeTakeFirst();
      if (existing) {
        const merged = [...new Set([...(JSON.parse(existing.scopes) as string[]), ...g.scopes])];
        await db.updateTable('consent_grants').set({ scopes: JSON.stringify(merged) })
          .where('tenant_id', '=', g.tenantId).where('client_id', '=', g.clientId).where('principal_id', '=', principal).execute();
        return;
      }
      await db.insertInto('consent_grants').values({
        tenant_id: g.tenantId, client_id: g.clientId, principal_id: principal, scopes: JSON.stringify(g.scopes), created_at: g.createdDateTime,
      }).onConflict((oc) => oc.doNothing()).execute();
    },
    async forUser(tenantId, clientId, userId) {
      const rows = await db.selectFrom('consent_grants').selectAll()
        .where('tenant_id', '=', tenantId).where('client_id', '=', clientId).where('principal_id', 'in', [userId, '']).execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id, clientId: r.client_id, principalId: r.principal_id === '' ? null : r.principal_id,
        scopes: JSON.parse(r.scopes) as string[], createdDateTime: r.created_at,
      }));
    },
  };
}
