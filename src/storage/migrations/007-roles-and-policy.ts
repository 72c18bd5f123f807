import type { Kysely } from 'kysely';

/**
 * Directory roles (issue 4): the roles activated in each tenant, who holds which role, and each
 * tenant's authorizationPolicy (a row only once the tenant changed it; defaults otherwise).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('directory_roles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('role_template_id', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_roles_pk', ['tenant_id', 'role_template_id'])
    .execute();

  await db.schema.createTable('role_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('role_template_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('directory_scope_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_assignments_pk', ['tenant_id', 'id'])
    .execute();
  // One assignment of a role to a principal; also serves templateIdsOf (the `wids` of a token).
  await db.schema.createIndex('role_assignments_principal_key').unique().on('role_assignments')
    .columns(['tenant_id', 'principal_id', 'role_template_id']).execute();
  await db.schema.createIndex('role_assignments_role_idx').on('role_assignments')
    .columns(['tenant_id', 'role_template_id', 'principal_id']).execute();

  await db.schema.createTable('authorization_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('allow_invites_from', 'text', (c) => c.notNull())
    .addColumn('guest_user_role_id', 'text', (c) => c.notNull())
    .addColumn('allowed_to_sign_up_email_based_subscriptions', 'integer', (c) => c.notNull())
    .addColumn('allowed_to_use_sspr', 'integer', (c) => c.notNull())
    .addColumn('allow_email_verified_users_to_join_organization', 'integer', (c) => c.notNull())
    .addColumn('allow_user_consent_for_risky_apps', 'integer', (c) => c.notNull())
    .addColumn('block_msol_powershell', 'integer')
    .addColumn('default_user_role_permissions', 'text', (c) => c.notNull())
    .execute();
}
