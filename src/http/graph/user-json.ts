import type { User } from '../../domain/model.js';
import type { UserCollection } from '../../domain/ports.js';
import { selectedNames } from './select-names.js';

export type ApiVersion = 'v1.0' | 'beta';

/** Graph's DateTimeOffset form for directory objects: whole seconds, `Z` (e.g. 2024-10-18T09:30:00Z). */
export const graphDate = (iso: string | null): string | null => (iso === null ? null : `${iso.slice(0, 19)}Z`);

/** Every user property Portico can return, in Graph's spelling, with how to read it. */
const userProperties: Record<string, (u: User) => unknown> = {
  id: (u) => u.id,
  accountEnabled: (u) => u.accountEnabled,
  businessPhones: (u) => u.businessPhones,
  city: (u) => u.city,
  companyName: (u) => u.companyName,
  country: (u) => u.country,
  createdDateTime: (u) => graphDate(u.createdDateTime),
  creationType: (u) => u.creationType,
  department: (u) => u.department,
  displayName: (u) => u.displayName,
  employeeId: (u) => u.employeeId,
  externalUserState: (u) => u.externalUserState,
  externalUserStateChangeDateTime: (u) => graphDate(u.externalUserStateChangeDateTime),
  givenName: (u) => u.givenName,
  identities: (u) => u.identities,
  imAddresses: (u) => u.imAddresses,
  jobTitle: (u) => u.jobTitle,
  mail: (u) => u.mail,
  mailNickname: (u) => u.mailNickname,
  mobilePhone: (u) => u.mobilePhone,
  officeLocation: (u) => u.officeLocation,
  otherMails: (u) => u.otherMails,
  preferredLanguage: (u) => u.preferredLanguage,
  proxyAddresses: (u) => u.proxyAddresses,
  surname: (u) => u.surname,
  usageLocation: (u) => u.usageLocation,
  userPrincipalName: (u) => u.userPrincipalName,
  userType: (u) => u.userType,
};

/** v1.0's default property set (graph-spec §2.4); beta returns every property by default. */
const v1Default = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

export function defaultUserSelect(version: ApiVersion): string[] {
  return version === 'v1.0' ? v1Default : Object.keys(userProperties);
}

/** Parses `$select`: names are case-insensitive; an unknown one is Graph's 400. */
export function parseUserSelect(raw: string | undefined, version: ApiVersion): string[] {
  const names = selectedNames(raw, Object.keys(userProperties), 'microsoft.graph.user');
  if (names === 'absent') return defaultUserSelect(version);
  return names === 'all' ? Object.keys(userProperties) : names;
}

const COLLECTIONS: readonly UserCollection[] = ['otherMails', 'proxyAddresses', 'businessPhones', 'imAddresses', 'identities'];

/** The collections a `$select` shows: a page reads only those, since each costs the store a query. */
export const collectionsOf = (select: readonly string[]): UserCollection[] => COLLECTIONS.filter((c) => select.includes(c));

/** The user fields a `$select` shows (Graph's property names are the model's field names). */
export const fieldsOf = (select: readonly string[]): (keyof User)[] => ['id', ...select.filter((name) => name !== 'id')] as (keyof User)[];

export function userJson(u: User, select: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!select.includes('id')) out.id = u.id;
  for (const name of select) out[name] = userProperties[name](u);
  return out;
}
