import type { Kysely } from 'kysely';

/**
 * Delegated sign-in (identity issue): app registrations gain reply URLs, the public-client flag,
 * requested delegated scopes and certificates; the authority keeps consent grants, authorization
 * codes, refresh tokens, browser sessions, device authorizations, sign-in throttles and used
 * client-assertion ids. Every secret-like value (code, token, session id, device code, jti) is
 * stored as a SHA-256 only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('redirect_uris', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('applications').addColumn('public_client', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('applications').addColumn('delegated_scopes', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema.createTable('app_certificates')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('thumbprint_sha1', 'text', (c) => c.notNull())
    .addColumn('thumbprint_sha256', 'text', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_certificates_pk', ['tenant_id', 'app_id', 'key_id'])
    .execute();

  await db.schema.createTable('consent_grants')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // '' stands for AllPrincipals (admin consent), so the key has no NULL in it.
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consent_grants_pk', ['tenant_id', 'client_id', 'principal_id'])
    .execute();

  await db.schema.createTable('auth_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_codes_pk', ['tenant_id', 'code_hash'])
    .execute();

  await db.schema.createTable('refresh_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('refresh_tokens_pk', ['tenant_id', 'token_hash'])
    .execute();
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').columns(['tenant_id', 'family_id']).execute();
  await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').columns(['tenant_id', 'user_id']).execute();

  await db.schema.createTable('sign_in_sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_sessions_pk', ['tenant_id', 'id_hash'])
    .execute();

  await db.schema.createTable('device_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_code_hash', 'text', (c) => c.notNull())
    .addColumn('user_code', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('auth_time', 'text')
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('last_poll_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_codes_pk', ['tenant_id', 'device_code_hash'])
    .execute();
  // /devicelogin knows only the user code, not the tenant: it is unique across the instance.
  await db.schema.createIndex('device_codes_user_code_key').unique().on('device_codes').column('user_code').execute();

  await db.schema.createTable('sign_in_throttles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addPrimaryKeyConstraint('sign_in_throttles_pk', ['tenant_id', 'key'])
    .execute();

  await db.schema.createTable('assertion_replays')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('jti_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assertion_replays_pk', ['tenant_id', 'client_id', 'jti_hash'])
    .execute();
}
