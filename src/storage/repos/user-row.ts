import type { ExternalUserState, User, UserType } from '../../domain/model.js';
import { searchTokens } from '../../domain/users/search-tokens.js';
import type { UserIdentitiesTable, UsersTable, UserValuesTable } from '../schema.js';

/** Multi-valued string properties kept one row a value in user_values, keyed by this kind. */
export const multiValued = ['otherMails', 'proxyAddresses', 'businessPhones', 'imAddresses'] as const;
export type MultiValuedKind = (typeof multiValued)[number];

/**
 * user_values also keeps the words of each displayName (search-tokens.ts) under this kind, so a
 * tokenized `$search` is an indexed prefix lookup like any collection filter.
 */
export const DISPLAY_NAME_TOKENS = 'displayNameTokens';

export function displayNameTokenRows(tenantId: string, userId: string, displayName: string | null): UserValuesTable[] {
  return (displayName === null ? [] : searchTokens(displayName)).map((token, ord) => ({
    tenant_id: tenantId, user_id: userId, kind: DISPLAY_NAME_TOKENS, ord, value: token, value_lower: token,
  }));
}

const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());

/** The users column each scalar field of a User is read from (every one: the type makes it so). */
const FIELD_COLUMNS: Record<Exclude<keyof User, 'tenantId' | 'id' | MultiValuedKind | 'identities'>, keyof UsersTable> = {
  userPrincipalName: 'upn', displayName: 'display_name', mail: 'mail', mailNickname: 'mail_nickname',
  userType: 'user_type', creationType: 'creation_type', externalUserState: 'external_user_state',
  externalUserStateChangeDateTime: 'external_user_state_changed_at', accountEnabled: 'account_enabled',
  createdDateTime: 'created_at', givenName: 'given_name', surname: 'surname', jobTitle: 'job_title',
  department: 'department', companyName: 'company_name', mobilePhone: 'mobile_phone',
  officeLocation: 'office_location', preferredLanguage: 'preferred_language', city: 'city', country: 'country',
  employeeId: 'employee_id', usageLocation: 'usage_location', invitedAddressKey: 'invited_address_key',
  passwordHash: 'password_hash',
};

/**
 * The columns `fromUserRow` needs for `fields` (always the keys), or undefined for every column.
 * Fields that are collections live in rows of their own and need none.
 */
export function userColumns(fields: readonly (keyof User)[] | undefined): (keyof UsersTable)[] | undefined {
  if (fields === undefined) return undefined;
  const columns = new Set<keyof UsersTable>(['tenant_id', 'id']);
  for (const f of fields) {
    const column = (FIELD_COLUMNS as Partial<Record<keyof User, keyof UsersTable>>)[f];
    if (column !== undefined) columns.add(column);
  }
  return [...columns];
}

export function toUserRow(u: User): UsersTable {
  return {
    tenant_id: u.tenantId, id: u.id, upn: u.userPrincipalName, upn_lower: u.userPrincipalName.toLowerCase(),
    display_name: u.displayName, mail: u.mail, mail_lower: lower(u.mail), mail_nickname: u.mailNickname,
    user_type: u.userType, creation_type: u.creationType, external_user_state: u.externalUserState,
    external_user_state_changed_at: u.externalUserStateChangeDateTime, account_enabled: u.accountEnabled ? 1 : 0,
    created_at: u.createdDateTime, given_name: u.givenName, surname: u.surname, job_title: u.jobTitle,
    department: u.department, company_name: u.companyName, mobile_phone: u.mobilePhone,
    office_location: u.officeLocation, preferred_language: u.preferredLanguage, city: u.city, country: u.country,
    employee_id: u.employeeId, usage_location: u.usageLocation, invited_address_key: u.invitedAddressKey,
    password_hash: u.passwordHash,
  };
}

export function valueRows(u: User): UserValuesTable[] {
  return [
    ...multiValued.flatMap((kind) => u[kind].map((value, ord) => ({
      tenant_id: u.tenantId, user_id: u.id, kind, ord, value, value_lower: value.toLowerCase(),
    }))),
    ...displayNameTokenRows(u.tenantId, u.id, u.displayName),
  ];
}

/**
 * issuer_assigned_id has been NOT NULL since 001; Graph's null (an ExternalAzureAD identity has no
 * issuerAssignedId) is kept as '', which no identity Portico writes otherwise can hold.
 */
export function identityRows(u: User): UserIdentitiesTable[] {
  return u.identities.map((i, ord) => ({
    tenant_id: u.tenantId, user_id: u.id, ord, sign_in_type: i.signInType, issuer: i.issuer,
    issuer_assigned_id: i.issuerAssignedId ?? '', issuer_assigned_id_lower: (i.issuerAssignedId ?? '').toLowerCase(),
  }));
}

export function fromUserRow(r: UsersTable, values: UserValuesTable[], identities: UserIdentitiesTable[]): User {
  const of = (kind: MultiValuedKind) => values.filter((v) => v.kind === kind).sort((a, b) => a.ord - b.ord).map((v) => v.value);
  return {
    tenantId: r.tenant_id, id: r.id, userPrincipalName: r.upn, displayName: r.display_name, mail: r.mail,
    mailNickname: r.mail_nickname, otherMails: of('otherMails'), proxyAddresses: of('proxyAddresses'),
    businessPhones: of('businessPhones'), imAddresses: of('imAddresses'),
    identities: identities.sort((a, b) => a.ord - b.ord)
      .map((i) => ({ signInType: i.sign_in_type, issuer: i.issuer, issuerAssignedId: i.issuer_assigned_id === '' ? null : i.issuer_assigned_id })),
    userType: r.user_type as UserType, creationType: r.creation_type,
    externalUserState: r.external_user_state as ExternalUserState | null,
    externalUserStateChangeDateTime: r.external_user_state_changed_at, accountEnabled: r.account_enabled === 1,
    createdDateTime: r.created_at, givenName: r.given_name, surname: r.surname, jobTitle: r.job_title,
    department: r.department, companyName: r.company_name, mobilePhone: r.mobile_phone,
    officeLocation: r.office_location, preferredLanguage: r.preferred_language, city: r.city, country: r.country,
    employeeId: r.employee_id, usageLocation: r.usage_location, invitedAddressKey: r.invited_address_key,
    passwordHash: r.password_hash,
  };
}
