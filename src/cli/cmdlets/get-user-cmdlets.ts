import type { GraphClient, GraphVersion } from '../graph/graph-client.js';
import { flag, int, str, strs, type Bound, type ParameterDef } from '../powershell/parameter.js';
import { one, type Cmdlet, type CmdletOutput } from './cmdlet.js';

/** Graph's largest page of users (graph-spec §2.4). */
const MAX_PAGE = 999;

const getUserParams: ParameterDef[] = [
  { name: 'UserId', type: 'string', description: 'one user by id or userPrincipalName: GET /users/{id}' },
  { name: 'Filter', type: 'string', description: '$filter, e.g. "externalUserState eq \'PendingAcceptance\'"' },
  { name: 'Search', type: 'string', description: '$search, e.g. \'"displayName:john"\' (needs -ConsistencyLevel eventual)' },
  { name: 'Property', type: 'string[]', aliases: ['Select'], description: '$select; also the columns shown, in this order and spelling' },
  { name: 'Sort', type: 'string[]', aliases: ['OrderBy'], description: '$orderby, e.g. "displayName desc"' },
  { name: 'ExpandProperty', type: 'string[]', aliases: ['Expand'], description: '$expand' },
  { name: 'Top', type: 'int', aliases: ['Limit'], description: 'return at most this many users (following pages as needed)' },
  { name: 'PageSize', type: 'int', description: 'users per request ($top of each page), at most 999' },
  { name: 'All', type: 'switch', description: 'return every user, following @odata.nextLink' },
  { name: 'ConsistencyLevel', type: 'string', aliases: ['CV'], description: 'the ConsistencyLevel header: eventual for advanced queries' },
  { name: 'CountVariable', type: 'string', aliases: ['CountVar'], description: 'ask for $count=true and print the count as $NAME = N (on stderr)' },
];

type UserPage = { value?: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.count'?: number };

async function listUsers(client: GraphClient, bound: Bound, headers: Record<string, string>, printCount: (n: unknown) => void): Promise<CmdletOutput> {
  const top = int(bound, 'Top');
  const pageSize = int(bound, 'PageSize');
  const all = flag(bound, 'All') === true;
  const count = str(bound, 'CountVariable');
  const perPage = pageSize ?? (top !== undefined ? Math.min(top, MAX_PAGE) : all ? MAX_PAGE : undefined);
  const query = {
    $filter: str(bound, 'Filter'),
    $search: str(bound, 'Search'),
    $select: strs(bound, 'Property')?.join(','),
    $orderby: strs(bound, 'Sort')?.join(','),
    $expand: strs(bound, 'ExpandProperty')?.join(','),
    $top: perPage === undefined ? undefined : String(perPage),
    $count: count ? 'true' : undefined,
  };
  const users: Record<string, unknown>[] = [];
  let next: string | undefined = '/users';
  let first = true;
  while (next) {
    // Custom headers such as ConsistencyLevel are not carried by nextLink: send them on every page.
    const page = (await client.call('GET', next, { query: first ? query : undefined, headers })).json as UserPage;
    if (first && count) printCount(page['@odata.count']);
    first = false;
    users.push(...(page.value ?? []));
    if (top !== undefined && users.length >= top) return { objects: users.slice(0, top), single: false };
    next = all || (top !== undefined) ? page['@odata.nextLink'] : undefined;
  }
  return { objects: users, single: false };
}

function getUserCmdlet(name: string, version: GraphVersion): Cmdlet {
  return {
    name,
    version,
    synopsis: `list users or get one: GET /${version}/users`,
    params: getUserParams,
    tableColumns: ['DisplayName', 'Id', 'Mail', 'UserPrincipalName'],
    examples: [
      `portico ${name} -Filter "externalUserState eq 'PendingAcceptance'" -FormatList -Property DisplayName,UserPrincipalName,externalUserState,externalUserStateChangeDateTime`,
      `portico ${name} -UserId 'john_contoso.com#EXT#@contoso.onmicrosoft.com' --format json`,
      `portico ${name} -Search '"displayName:john"' -ConsistencyLevel eventual -CountVariable guests -All --format csv`,
    ],
    async run(client, bound, { headers, io }) {
      const allHeaders = { ...headers, ...(str(bound, 'ConsistencyLevel') ? { ConsistencyLevel: str(bound, 'ConsistencyLevel') as string } : {}) };
      const id = str(bound, 'UserId');
      if (id !== undefined) {
        const select = strs(bound, 'Property')?.join(',');
        const expand = strs(bound, 'ExpandProperty')?.join(',');
        return one((await client.call('GET', `/users/${encodeURIComponent(id)}`, { query: { $select: select, $expand: expand }, headers: allHeaders })).json);
      }
      return listUsers(client, bound, allHeaders, (n) => io.err(`$${str(bound, 'CountVariable')} = ${n ?? ''}`));
    },
  };
}

export const getMgUser = getUserCmdlet('Get-MgUser', 'v1.0');
export const getMgBetaUser = getUserCmdlet('Get-MgBetaUser', 'beta');
