import type { Kysely, Transaction } from 'kysely';

/**
 * Column-level types of every table. Both dialects store the same types: text for ids and ISO-8601
 * instants (they sort correctly as text), integer 0/1 for booleans, JSON as text.
 */
export interface TenantsTable { id: string; display_name: string; initial_domain: string; created_at: string }
export interface TenantDomainsTable {
  tenant_id: string; name: string; name_lower: string; is_default: number; is_initial: number; is_verified: number;
}
export interface ApplicationsTable {
  tenant_id: string; id: string; app_id: string; sp_id: string; display_name: string; permissions: string; created_at: string;
  redirect_uris: string; public_client: number; delegated_scopes: string;
}
export interface AppSecretsTable {
  tenant_id: string; app_id: string; key_id: string; hint: string; secret_hash: string; created_at: string; end_at: string | null;
}
export interface UsersTable {
  tenant_id: string; id: string; upn: string; upn_lower: string; display_name: string | null; mail: string | null;
  mail_lower: string | null; mail_nickname: string | null; user_type: string; creation_type: string | null;
  external_user_state: string | null; external_user_state_changed_at: string | null; account_enabled: number;
  created_at: string; given_name: string | null; surname: string | null; job_title: string | null;
  department: string | null; company_name: string | null; mobile_phone: string | null; office_location: string | null;
  preferred_language: string | null; city: string | null; country: string | null; employee_id: string | null;
  usage_location: string | null; invited_address_key: string | null; password_hash: string | null;
}
/** Multi-valued string properties (otherMails, proxyAddresses, businessPhones, imAddresses), one row a value. */
export interface UserValuesTable {
  tenant_id: string; user_id: string; kind: string; ord: number; value: string; value_lower: string;
}
export interface UserIdentitiesTable {
  tenant_id: string; user_id: string; ord: number; sign_in_type: string; issuer: string;
  issuer_assigned_id: string; issuer_assigned_id_lower: string;
}
export interface UserSponsorsTable { tenant_id: string; user_id: string; sponsor_id: string }
export interface InvitationsTable {
  tenant_id: string; id: string; user_id: string; email: string; display_name: string | null; user_type: string;
  redirect_url: string; send_message: number; reset_redemption: number; message_info: string; sponsor_ids: string;
  status: string; ticket_hash: string | null; mail_ticket_hash: string | null; created_at: string; invited_by: string;
}
export interface OutboxTable {
  tenant_id: string; id: string; kind: string; payload: string; state: string; attempts: number;
  next_attempt_at: string; created_at: string; last_error: string | null;
  claim_token: string | null; message_id: string | null; last_reply: string | null; updated_at: string | null;
}
export interface AuditLogsTable {
  tenant_id: string; id: string; activity: string; category: string; logged_by: string; initiated_by: string;
  targets: string; result: string; result_reason: string; activity_at: string;
  /** Migration 008: correlation, operation type, additionalDetails (JSON) and the initiator's queryable fields. */
  correlation_id: string | null; operation_type: string | null; details: string | null;
  initiator_user_id: string | null; initiator_user_name: string | null; initiator_user_upn: string | null;
  initiator_app_id: string | null; initiator_app_name: string | null;
}
/** One row per target resource of an audit record, for indexed `targetResources/any(…)` (migration 008). */
export interface AuditTargetsTable { tenant_id: string; audit_id: string; ord: number; target_id: string; display_name: string | null }
export interface SigningKeysTable { kid: string; private_jwk: string; public_jwk: string; created_at: string; retired_at: string | null }
export interface InstanceSecretsTable { name: string; value: string }
export interface DevMailboxTable {
  id: string; message_id: string; sender: string; recipients: string; cc: string; reply_to: string | null; subject: string;
  text_body: string; html_body: string; created_at: string;
}
export interface TenantSettingsTable {
  tenant_id: string; privacy_statement_url: string | null; preferred_language: string | null; keep_app_invite_message: number;
}
export interface RedemptionSessionsTable {
  tenant_id: string; id: string; invitation_id: string; state: string; csrf_hash: string; created_at: string; expires_at: string;
  proof: string | null;
}
export interface RedemptionCodesTable {
  tenant_id: string; id: string; invitation_id: string; session_id: string; code_hash: string; attempts: number; used: number;
  created_at: string; expires_at: string;
}
export interface DirectoryRolesTable { tenant_id: string; role_template_id: string; activated_at: string }
export interface RoleAssignmentsTable {
  tenant_id: string; id: string; role_template_id: string; principal_id: string; directory_scope_id: string; created_at: string;
}
export interface AuthorizationPoliciesTable {
  tenant_id: string; allow_invites_from: string; guest_user_role_id: string; allowed_to_sign_up_email_based_subscriptions: number;
  allowed_to_use_sspr: number; allow_email_verified_users_to_join_organization: number; allow_user_consent_for_risky_apps: number;
  block_msol_powershell: number | null; default_user_role_permissions: string;
}

export interface AppCertificatesTable {
  tenant_id: string; app_id: string; key_id: string; thumbprint_sha1: string; thumbprint_sha256: string;
  public_key_pem: string; created_at: string; end_at: string;
}
export interface ConsentGrantsTable { tenant_id: string; client_id: string; principal_id: string; scopes: string; created_at: string }
export interface AuthCodesTable {
  tenant_id: string; code_hash: string; client_id: string; user_id: string; redirect_uri: string; scopes: string;
  nonce: string | null; code_challenge: string | null; code_challenge_method: string | null; auth_time: string; expires_at: string;
  used_at: string | null; family_id: string | null;
}
export interface RefreshTokensTable {
  tenant_id: string; token_hash: string; family_id: string; client_id: string; user_id: string; scopes: string;
  auth_time: string; created_at: string; expires_at: string; rotated_at: string | null; revoked_at: string | null;
}
export interface SignInSessionsTable { tenant_id: string; id_hash: string; user_id: string; auth_time: string; expires_at: string }
export interface DeviceCodesTable {
  tenant_id: string; device_code_hash: string; user_code: string; client_id: string; scopes: string; state: string;
  user_id: string | null; auth_time: string | null; interval_seconds: number; last_poll_at: string | null; expires_at: string;
}
export interface SignInThrottlesTable { tenant_id: string; key: string; failures: number; window_start: string; locked_until: string | null }
export interface AssertionReplaysTable { tenant_id: string; client_id: string; jti_hash: string; expires_at: string }

export interface Database {
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  applications: ApplicationsTable;
  app_secrets: AppSecretsTable;
  users: UsersTable;
  user_values: UserValuesTable;
  user_identities: UserIdentitiesTable;
  user_sponsors: UserSponsorsTable;
  invitations: InvitationsTable;
  outbox: OutboxTable;
  audit_logs: AuditLogsTable;
  audit_targets: AuditTargetsTable;
  signing_keys: SigningKeysTable;
  instance_secrets: InstanceSecretsTable;
  dev_mailbox: DevMailboxTable;
  tenant_settings: TenantSettingsTable;
  redemption_sessions: RedemptionSessionsTable;
  redemption_codes: RedemptionCodesTable;
  directory_roles: DirectoryRolesTable;
  role_assignments: RoleAssignmentsTable;
  authorization_policies: AuthorizationPoliciesTable;
  app_certificates: AppCertificatesTable;
  consent_grants: ConsentGrantsTable;
  auth_codes: AuthCodesTable;
  refresh_tokens: RefreshTokensTable;
  sign_in_sessions: SignInSessionsTable;
  device_codes: DeviceCodesTable;
  sign_in_throttles: SignInThrottlesTable;
  assertion_replays: AssertionReplaysTable;
}

export type Db = Kysely<Database> | Transaction<Database>;
