import type { AppRegistration } from '../model.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './access-tokens.js';
import { graphDelegatedScopes, oidcScopes } from './delegated-scopes.js';
import { OAuthError } from './oauth-error.js';

/** What a delegated request asks for: Graph scopes (Graph's spelling) and OpenID Connect scopes. */
export interface ScopeRequest {
  graph: string[];
  oidc: string[];
}

const invalidScope = (scope: string) => new OAuthError('invalid_scope', 70011,
  `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`);

const graphByLower = new Map(Object.keys(graphDelegatedScopes).map((s) => [s.toLowerCase(), s]));
const oidcByLower = new Map(Object.keys(oidcScopes).map((s) => [s.toLowerCase(), s]));
const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`];

/**
 * Parses a space-separated `scope` (v2.0 endpoint): bare names and `https://graph.microsoft.com/X`
 * are Graph's delegated scopes, `.default` means what the app registration asks for, and
 * `openid profile email offline_access` are OpenID Connect's. Anything else is AADSTS70011.
 */
export function parseScopeRequest(raw: string | undefined, app: AppRegistration): ScopeRequest {
  const graph: string[] = [];
  const oidc: string[] = [];
  const add = (list: string[], s: string) => { if (!list.includes(s)) list.push(s); };
  for (const item of (raw ?? '').split(/\s+/).filter(Boolean)) {
    const o = oidcByLower.get(item.toLowerCase());
    if (o) { add(oidc, o); continue; }
    const lower = item.toLowerCase();
    const prefix = GRAPH_PREFIXES.find((p) => lower.startsWith(p));
    const name = prefix ? lower.slice(prefix.length) : lower;
    if (name === '.default') { for (const s of app.delegatedScopes) add(graph, s); continue; }
    const g = graphByLower.get(name);
    if (!g) throw invalidScope(item);
    add(graph, g);
  }
  if (graph.length === 0 && oidc.length === 0) throw invalidScope(raw ?? '');
  return { graph, oidc };
}

export const scopeString = (r: ScopeRequest): string => [...r.graph, ...r.oidc].join(' ');

export function fromScopeString(s: string): ScopeRequest {
  const parts = s.split(' ').filter(Boolean);
  return { graph: parts.filter((p) => !oidcScopes[p]), oidc: parts.filter((p) => oidcScopes[p]) };
}
