import { newId } from '../../src/domain/random.js';
import type { Tenant, User } from '../../src/domain/model.js';

/**
 * A synthetic directory as a real tenant holds one: about 70 % members and 30 % guests (40 % of
 * them still PendingAcceptance), each with one to three otherMails, one or two proxyAddresses, an
 * identity or two, and members with phones, a department, a city. Deterministic for a seed, so two
 * runs (and the 10,000 and 1,000,000-user directories) have the same mix. Users are built as the
 * domain model (User), and the store's own row builders turn them into rows.
 */
const FIRST = ['Adele', 'Alex', 'Megan', 'Lee', 'Christie', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lidia', 'Lynne', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'Sinéad', 'Zoë', 'Ömer'];
const LAST = ['Vance', 'Wilber', 'Bowen', 'Gu', 'Cline', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lauer', 'Sherman', 'Holloway', 'Robbins', 'Caldwell', 'Wilkins', 'Fernandez', 'Gupta', "O'Neil", 'Nguyen', 'Kowalski'];
const DEPARTMENTS = ['Retail', 'Marketing', 'Sales', 'Finance', 'Legal', 'Engineering', 'Operations', 'HR', 'IT', 'Manufacturing', 'Research', 'Support', 'Design', 'Procurement', 'Logistics', 'Security', 'Facilities', 'Training', 'Audit', 'Strategy'];
const CITIES = ['Seattle', 'Redmond', 'San Diego', 'Pittsburgh', 'Birmingham', 'Dublin', 'Paris', 'Berlin', 'Tokyo', 'Sydney', 'Toronto', 'Austin', 'Chicago', 'Denver', 'Oslo', 'Madrid', 'Rome', 'Lisbon', 'Vienna', 'Prague'];
const COUNTRIES: [string, string][] = [['United States', 'US'], ['United Kingdom', 'GB'], ['Ireland', 'IE'], ['France', 'FR'], ['Germany', 'DE'], ['Japan', 'JP'], ['Australia', 'AU'], ['Canada', 'CA'], ['Norway', 'NO'], ['Spain', 'ES']];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Director', 'Analyst', 'Buyer', 'Designer', 'Consultant', 'Accountant', 'Counsel'];

/** First names people search for in the benchmarks' `$search`. */
export const SEARCHED_NAMES = ['Adele', 'Diego', 'Lidia', 'Nestor', 'Zoë'];

/** A user generator for one tenant: `next(n)` makes the n-th user (n counts from 0). */
export function directoryOf(tenant: Tenant, memberDomain: string, seed = 42) {
  let state = seed;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  return {
    next(n: number): User {
      const first = pick(FIRST);
      const last = pick(LAST);
      const guest = rand() < 0.3;
      const pending = guest && rand() < 0.4;
      const local = `${first}.${last}${n}`.normalize('NFKD').replace(/[^A-Za-z0-9.]/g, '').toLowerCase();
      const created = new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 5 * 365 * 86_400_000)).toISOString();
      const [country, usage] = pick(COUNTRIES);
      const address = guest ? `${local}@partner${n % 97}.example` : `${local}@${memberDomain}`;
      const upn = guest ? `${address.replace('@', '_')}#EXT#@${tenant.initialDomain}` : address;
      const identities = [{ signInType: 'userPrincipalName', issuer: guest ? tenant.initialDomain : memberDomain, issuerAssignedId: upn }];
      if (guest && !pending) {
        identities.push(rand() < 0.5
          ? { signInType: 'emailAddress', issuer: 'mail', issuerAssignedId: address }
          : { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: address });
      }
      return {
        tenantId: tenant.id, id: newId(), userPrincipalName: upn, displayName: rand() < 0.02 ? null : `${first} ${last}`,
        mail: address, mailNickname: guest ? `${address.replace('@', '_')}#EXT#` : local,
        otherMails: [address, ...(rand() < 0.5 ? [`${local}@home${n % 13}.example`] : []), ...(rand() < 0.2 ? [`${local}.alt@mail.example`] : [])],
        proxyAddresses: [`SMTP:${address}`, ...(rand() < 0.4 ? [`smtp:${local}@legacy.example`] : [])],
        identities, businessPhones: guest ? [] : [`+1 425 555 ${String(n % 10_000).padStart(4, '0')}`], imAddresses: guest ? [] : [`sip:${address}`],
        userType: guest ? 'Guest' : 'Member', creationType: guest ? 'Invitation' : null,
        externalUserState: guest ? (pending ? 'PendingAcceptance' : 'Accepted') : null,
        externalUserStateChangeDateTime: guest ? created : null, accountEnabled: rand() > 0.03, createdDateTime: created,
        givenName: guest ? null : first, surname: guest ? null : last, jobTitle: guest ? null : pick(TITLES),
        department: guest ? null : pick(DEPARTMENTS), companyName: guest ? null : 'Contoso', mobilePhone: null, officeLocation: null,
        preferredLanguage: null, city: guest ? null : pick(CITIES), country: guest ? null : country, employeeId: guest ? null : `E${100_000 + n}`,
        usageLocation: guest ? null : usage, invitedAddressKey: guest ? address : null, passwordHash: null,
      };
    },
  };
}
