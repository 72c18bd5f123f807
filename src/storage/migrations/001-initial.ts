import type { Kysely } from 'kysely';

/**
 * The first schema. Every tenant-owned table's key begins with tenant_id so a tenant can later move
 * to its own database; instance-wide tables (signing keys, instance secrets) are the exception.
 */
// Migrations must not depend on the evolving Database type, hence Kysely<unknown>.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('initial_domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('tenant_domains')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('is_initial', 'integer', (c) => c.notNull())
    .addColumn('is_verified', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tenant_domains_pk', ['tenant_id', 'name_lower'])
    .execute();
  // A domain belongs to one tenant only: it is how `/{tenant}/…` and `--tenant` resolve.
  await db.schema.createIndex('tenant_domains_name_key').unique().on('tenant_domains').column('name_lower').execute();

  await db.schema.createTable('applications')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('sp_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('applications_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('applications_app_id_key').unique().on('applications').columns(['tenant_id', 'app_id']).execute();

  await db.schema.createTable('app_secrets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text')
    .addPrimaryKeyConstraint('app_secrets_pk', ['tenant_id', 'app_id', 'key_id'])
    .execute();

  let users = db.schema.createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('upn', 'text', (c) => c.notNull())
    .addColumn('upn_lower', 'text', (c) => c.notNull())
    .addColumn('user_type', 'text', (c) => c.notNull())
    .addColumn('account_enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull());
  for (const col of [
    'display_name', 'mail', 'mail_lower', 'mail_nickname', 'creation_type', 'external_user_state',
    'external_user_state_changed_at', 'given_name', 'surname', 'job_title', 'department', 'company_name',
    'mobile_phone', 'office_location', 'preferred_language', 'city', 'country', 'employee_id', 'usage_location',
    'invited_address_key', 'password_hash',
  ]) users = users.addColumn(col, 'text');
  await users.addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id']).execute();
  await db.schema.createIndex('users_upn_key').unique().on('users').columns(['tenant_id', 'upn_lower']).execute();
  // One guest per invited address, enforced by the database so concurrent processes agree.
  await db.schema.createIndex('users_invited_address_key').unique().on('users').columns(['tenant_id', 'invited_address_key']).execute();
  await db.schema.createIndex('users_mail_idx').on('users').columns(['tenant_id', 'mail_lower']).execute();

  await db.schema.createTable('user_values')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('value_lower', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_values_pk', ['tenant_id', 'user_id', 'kind', 'ord'])
    .execute();
  await db.schema.createIndex('user_values_lookup_idx').on('user_values').columns(['tenant_id', 'kind', 'value_lower']).execute();

  await db.schema.createTable('user_identities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('sign_in_type', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issuer_assigned_id', 'text', (c) => c.notNull())
    .addColumn('issuer_assigned_id_lower', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['tenant_id', 'user_id', 'ord'])
    .execute();
  await db.schema.createIndex('user_identities_lookup_idx').on('user_identities').columns(['tenant_id', 'issuer_assigned_id_lower']).execute();

  await db.schema.createTable('user_sponsors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sponsor_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_sponsors_pk', ['tenant_id', 'user_id', 'sponsor_id'])
    .execute();

  let invitations = db.schema.createTable('invitations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('ticket_hash', 'text')
    .addColumn('send_message', 'integer', (c) => c.notNull())
    .addColumn('reset_redemption', 'integer', (c) => c.notNull());
  for (const col of ['user_type', 'redirect_url', 'message_info', 'sponsor_ids', 'status', 'created_at', 'invited_by']) {
    invitations = invitations.addColumn(col, 'text', (c) => c.notNull());
  }
  await invitations.addPrimaryKeyConstraint('invitations_pk', ['tenant_id', 'id']).execute();
  await db.schema.createIndex('invitations_user_idx').on('invitations').columns(['tenant_id', 'user_id']).execute();

  await db.schema.createTable('outbox')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('outbox_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['state', 'next_attempt_at']).execute();

  await db.schema.createTable('audit_logs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('logged_by', 'text', (c) => c.notNull())
    .addColumn('initiated_by', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('result_reason', 'text', (c) => c.notNull())
    .addColumn('activity_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_logs_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_logs_time_idx').on('audit_logs').columns(['tenant_id', 'activity_at']).execute();

  await db.schema.createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema.createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
