/**
 * The one table of what a Graph client may ask about users: for every user property Portico stores,
 * its type, where the store keeps it, which `$filter` operators work by default and which need the
 * advanced-query parameters (`ConsistencyLevel: eventual` and `$count=true`), whether it sorts, and
 * how `$search` treats it. Validation (validate-filter.ts) and SQL compilation
 * (storage/filter-to-sql.ts) both read it, so a property is queryable exactly when it is listed.
 *
 * Sources: Graph's "Advanced query capabilities on Microsoft Entra ID objects" (the user properties
 * table, the `$orderby` table and the rules above them: `in` works wherever `eq` does, `ne` and `not`
 * need advanced queries wherever `eq` works, `endsWith` only on mail, otherMails,
 * userPrincipalName and proxyAddresses, `/$count` on collections only in advanced queries) and
 * graph-spec §2.1. Where Graph's two revisions of that table disagree, the newer wins; where neither
 * lists an operator, the user resource page's "Supports $filter (…)" text decides, as advanced-only.
 */

import type { AuditColumn } from '../audit/audit-properties.js';
import type { QuerySchema } from './filter-checks.js';

/** `default`: works without the advanced-query parameters; `advanced`: needs them. */
export type Support = 'default' | 'advanced';

export type PropertyType =
  | 'string' | 'guid' | 'boolean' | 'dateTimeOffset' | 'stringCollection' | 'identities' | 'signInNames'
  /** A collection of objects whose lambda tests their `fields` (audit targetResources). */
  | 'objects';

/**
 * Where the store keeps a property (users and their child tables here; audit_logs and
 * audit_targets for audit/audit-properties.ts, which shares these types and the engine). Column
 * names are the only SQL identifiers a query can reach, and they come from here. `folded` columns already hold lower-cased text (written by the store);
 * others are compared through the database's lower().
 */
export type Location =
  | { readonly table: 'users'; readonly column: UserColumn; readonly folded?: boolean }
  | { readonly table: 'user_values'; readonly kind: ValueKind }
  | { readonly table: 'user_identities' }
  | { readonly table: 'audit_logs'; readonly column: AuditColumn }
  | { readonly table: 'audit_targets' };

export type UserColumn =
  | 'id' | 'upn_lower' | 'display_name' | 'mail_lower' | 'mail_nickname' | 'given_name' | 'surname' | 'job_title'
  | 'department' | 'company_name' | 'mobile_phone' | 'office_location' | 'preferred_language' | 'city' | 'country'
  | 'employee_id' | 'usage_location' | 'user_type' | 'external_user_state' | 'external_user_state_changed_at'
  | 'creation_type' | 'account_enabled' | 'created_at';

export type ValueKind = 'otherMails' | 'proxyAddresses' | 'businessPhones' | 'imAddresses';

/** A field of the objects of a collection, tested inside `any(c: c/field …)`. */
export interface ObjectField {
  readonly name: string;
  readonly eq?: Support;
  readonly startsWith?: Support;
}

export interface FilterableProperty {
  /** Graph's spelling; names match case-insensitively. */
  readonly name: string;
  readonly type: PropertyType;
  readonly location: Location;
  /** `eq` (and so `in`; `ne` and `not` always need advanced queries). Absent: not filterable. */
  readonly eq?: Support;
  readonly startsWith?: Support;
  readonly endsWith?: Support;
  /** `ge`, `le` (and `gt`, `lt`, which Portico accepts alongside them). */
  readonly range?: Support;
  /** `eq null` / `ne null`. */
  readonly nullCompare?: Support;
  readonly orderBy?: Support;
  /** displayName is matched word by word; other strings behave as startsWith. */
  readonly search?: 'tokenized' | 'startsWith';
  /** Collections of objects: the fields a lambda may test. */
  readonly fields?: readonly ObjectField[];
}

const D = 'default' as const;
const A = 'advanced' as const;
const users = (column: UserColumn, folded = false): Location => ({ table: 'users', column, folded });
const values = (kind: ValueKind): Location => ({ table: 'user_values', kind });

/** A nullable string: eq/startsWith by default, ranges and null checks in advanced queries. */
const text = (name: string, column: UserColumn, level: Support = D): FilterableProperty => ({
  name, type: 'string', location: users(column), eq: level, startsWith: level, range: A, nullCompare: A, search: 'startsWith',
});

const table: readonly FilterableProperty[] = [
  { name: 'id', type: 'guid', location: users('id'), eq: D },
  {
    name: 'userPrincipalName', type: 'string', location: users('upn_lower', true), eq: D, startsWith: D, endsWith: A,
    range: A, orderBy: D, search: 'startsWith',
  },
  { ...text('displayName', 'display_name'), orderBy: D, search: 'tokenized' },
  { name: 'mail', type: 'string', location: users('mail_lower', true), eq: D, startsWith: D, endsWith: A, range: A, nullCompare: A, search: 'startsWith' },
  text('mailNickname', 'mail_nickname'),
  text('givenName', 'given_name'),
  text('surname', 'surname'),
  text('jobTitle', 'job_title'),
  text('department', 'department'),
  text('city', 'city'),
  text('country', 'country'),
  text('usageLocation', 'usage_location'),
  text('employeeId', 'employee_id'),
  // Indexed only in Graph's separate advanced-query store: every operator needs the parameters.
  text('companyName', 'company_name', A),
  text('mobilePhone', 'mobile_phone', A),
  text('officeLocation', 'office_location', A),
  text('preferredLanguage', 'preferred_language', A),
  { name: 'userType', type: 'string', location: users('user_type'), eq: D, nullCompare: A },
  { name: 'externalUserState', type: 'string', location: users('external_user_state'), eq: D },
  { name: 'creationType', type: 'string', location: users('creation_type'), eq: D },
  { name: 'accountEnabled', type: 'boolean', location: users('account_enabled'), eq: D },
  { name: 'createdDateTime', type: 'dateTimeOffset', location: users('created_at'), eq: D, range: D, nullCompare: A, orderBy: A },
  { name: 'externalUserStateChangeDateTime', type: 'dateTimeOffset', location: users('external_user_state_changed_at'), eq: D, range: D },
  // Collections: the operators apply to the elements, inside `any(x: …)`.
  { name: 'otherMails', type: 'stringCollection', location: values('otherMails'), eq: D, startsWith: D, endsWith: A, range: A, search: 'startsWith' },
  { name: 'proxyAddresses', type: 'stringCollection', location: values('proxyAddresses'), eq: D, startsWith: D, endsWith: A, range: A, search: 'startsWith' },
  { name: 'businessPhones', type: 'stringCollection', location: values('businessPhones'), eq: A, startsWith: A, search: 'startsWith' },
  { name: 'imAddresses', type: 'stringCollection', location: values('imAddresses'), eq: D, startsWith: D, range: A, search: 'startsWith' },
  // Graph documents identities/any(i:i/issuer) eq as default-only; Portico also allows it in
  // advanced queries (docs/compatibility.md).
  {
    name: 'identities', type: 'identities', location: { table: 'user_identities' }, eq: D,
    fields: [{ name: 'issuer', eq: D }, { name: 'issuerAssignedId', eq: D }, { name: 'signInType', eq: D }],
  },
  // Legacy (AAD Graph): the sign-in names held in identities, so the documented existence query
  // works. eq only.
  { name: 'signInNames', type: 'signInNames', location: { table: 'user_identities' }, eq: D },
];

/** Fields of an objectIdentity inside `identities/any(c: c/field eq '…')`: eq only. */
export type IdentityField = 'issuer' | 'issuerAssignedId' | 'signInType';

/** Sign-in types whose issuerAssignedId is a sign-in name (signInNames). */
export const signInNameTypes = ['emailAddress', 'userName', 'userPrincipalName'] as const;

const byLowerName = new Map(table.map((p) => [p.name.toLowerCase(), p]));

/** The property named `name` (any case), or undefined when it is not queryable. */
export function filterableProperty(name: string): FilterableProperty | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** The field named `name` (any case) of a collection of objects. */
export function objectField(collection: FilterableProperty, name: string): ObjectField | undefined {
  return collection.fields?.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

export const filterableProperties: readonly FilterableProperty[] = table;

export const isCollection = (p: FilterableProperty): boolean =>
  p.type === 'stringCollection' || p.type === 'identities' || p.type === 'signInNames' || p.type === 'objects';

/** Users as the query validators see them (`a/b` paths exist only inside lambdas). */
export const userQuerySchema: QuerySchema = {
  resource: 'User',
  advancedQueries: true,
  property: (path) => (path.length === 1 ? filterableProperty(path[0]) : undefined),
};
