import type { User } from '../../src/domain/model.js';
import { SEARCHED_NAMES } from './directory.js';

/**
 * The queries of issue 3's "Speed", as request paths. `path(i)` is the i-th request's path, so a
 * scenario can vary its values (every existence lookup asks for another address).
 */
export interface Scenario {
  name: string;
  /** Served by an index: its 1,000,000-user figures must stay within 1.5× of the 10,000-user ones. */
  indexed: boolean;
  /** Sends `ConsistencyLevel: eventual`. */
  eventual: boolean;
  path(i: number): string;
}

const q = (text: string) => encodeURIComponent(text);

/** Graph's "does this person already exist?" filter (user-list, example 4), verbatim. */
export const existenceFilter = (a: string) =>
  `userPrincipalName eq '${a}' or mail eq '${a}' or proxyAddresses/any(x:x eq 'SMTP:${a}') or signInNames/any(x:x eq '${a}') or otherMails/any(x:x eq '${a}')`;

/**
 * Addresses to look up: half of them held by a seeded user (by mail, an otherMails entry, a
 * lower-case smtp: proxy address or the sign-in name, in turn), half by nobody.
 */
export function lookupAddresses(samples: User[], count = 4_000): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const u = samples[i % samples.length];
    if (i % 2 === 1) {
      out.push(`nobody.${i}@nowhere${i % 7}.example`);
      continue;
    }
    const ways = [u.mail ?? u.userPrincipalName, u.otherMails[u.otherMails.length - 1], u.proxyAddresses[u.proxyAddresses.length - 1].replace(/^smtp:/i, ''), u.identities[u.identities.length - 1].issuerAssignedId ?? u.userPrincipalName];
    out.push(ways[(i >> 1) % ways.length]);
  }
  return out;
}

export const PENDING = "externalUserState eq 'PendingAcceptance'";
const PENDING_SELECT = 'displayName,userPrincipalName,externalUserState,externalUserStateChangeDateTime';
export const pendingPath = (extra = '', select = PENDING_SELECT) => `/beta/users?$filter=${q(PENDING)}&$select=${select}${extra}`;
/** Where the deep page's skiptoken is found: the same query, 200 ids a page. */
export const pendingWalkPath = () => pendingPath('&$top=200', 'id');

/** `deepToken`: a $skiptoken ~90 % of the way through the pending guests (see deepToken in query.bench.ts). */
export function scenarios(samples: User[], deepToken: string): Scenario[] {
  const addresses = lookupAddresses(samples);
  return [
    { name: 'existence query (half hits)', indexed: true, eventual: false, path: (i) => `/v1.0/users?$filter=${q(existenceFilter(addresses[i % addresses.length]))}` },
    { name: 'pending guests, first page', indexed: true, eventual: false, path: () => pendingPath() },
    { name: 'pending guests, deep page', indexed: true, eventual: false, path: () => pendingPath(`&$skiptoken=${q(deepToken)}`) },
    { name: "startswith(displayName,'a')", indexed: true, eventual: false, path: () => `/v1.0/users?$filter=${q("startswith(displayName,'a')")}` },
    {
      name: '$search="displayName:…"', indexed: true, eventual: true,
      path: (i) => `/v1.0/users?$search=${q(`"displayName:${SEARCHED_NAMES[i % SEARCHED_NAMES.length]}"`)}`,
    },
  ];
}
