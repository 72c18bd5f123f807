import type { AppRepo } from '../../domain/ports.js';
import type { AppRegistration } from '../../domain/model.js';
import type { ApplicationsTable, Db } from '../schema.js';

export function appRepo(db: Db): AppRepo {
  return {
    async insert(app) {
      await db.insertInto('applications').values({
        tenant_id: app.tenantId, id: app.id, app_id: app.appId, sp_id: app.servicePrincipalId,
        display_name: app.displayName, permissions: JSON.stringify(app.permissions), created_at: app.createdDateTime,
        redirect_uris: JSON.stringify(app.redirectUris), public_client: app.isPublicClient ? 1 : 0, delegated_scopes: JSON.stringify(app.delegatedScopes),
      }).execute();
    },
    async findByAppId(tenantId, appId) {
      const row = await db.selectFrom('applications').selectAll()
        .where('tenant_id', '=', tenantId).where('app_id', '=', appId.toLowerCase()).executeTakeFirst();
      return row && toApp(row);
    },
    async list(tenantId) {
      let q = db.selectFrom('applications').selectAll();
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toApp);
    },
    async addSecret(tenantId, appId, s) {
      await db.insertInto('app_secrets').values({
        tenant_id: tenantId, app_id: appId, key_id: s.keyId, hint: s.hint, secret_hash: s.hash,
        created_at: s.createdDateTime, end_at: s.endDateTime,
      }).execute();
    },
    async secrets(tenantId, appId) {
      const rows = await db.selectFrom('app_secrets').selectAll()
        .where('tenant_id', '=', tenantId).where('app_id', '=', appId).orderBy('created_at').execute();
      return rows.map((r) => ({ keyId: r.key_id, hint: r.hint, hash: r.secret_hash, createdDateTime: r.created_at, endDateTime: r.end_at }));
    },
    async addCertificate(tenantId, appId, c) {
      await db.insertInto('app_certificates').values({
        tenant_id: tenantId, app_id: appId, key_id: c.keyId, thumbprint_sha1: c.thumbprintSha1, thumbprint_sha256: c.thumbprintSha256,
        public_key_pem: c.publicKeyPem, created_at: c.createdDateTime, end_at: c.endDateTime,
      }).execute();
    },
    async certificates(tenantId, appId) {
      const rows = await db.selectFrom('app_certificates').selectAll()
        .where('tenant_id', '=', tenantId).where('app_id', '=', appId).orderBy('created_at').execute();
      return rows.map((r) => ({
        keyId: r.key_id, thumbprintSha1: r.thumbprint_sha1, thumbprintSha256: r.thumbprint_sha256, publicKeyPem: r.public_key_pem,
        createdDateTime: r.created_at, endDateTime: r.end_at,
      }));
    },
  };
}

function toApp(r: ApplicationsTable): AppRegistration {
  return {
    tenantId: r.tenant_id, id: r.id, appId: r.app_id, servicePrincipalId: r.sp_id, displayName: r.display_name,
    permissions: JSON.parse(r.permissions) as string[], createdDateTime: r.created_at,
    redirectUris: JSON.parse(r.redirect_uris) as string[], isPublicClient: r.public_client === 1,
    delegatedScopes: JSON.parse(r.delegated_scopes) as string[],
  };
}
