import type { Repos } from '../ports.js';

/**
 * The directory role template ids of a person, for the `wids` claim of their tokens (graph-spec
 * §4.2). Read through the unit of work's `repos`, never the store: on SQLite a second read outside
 * the transaction would wait on the one connection the transaction holds.
 */
export function directoryRoleTemplateIds(repos: Repos, tenantId: string, userId: string): Promise<string[]> {
  return repos.roles.templateIdsOf(tenantId, userId);
}
