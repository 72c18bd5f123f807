import type { Repos } from '../ports.js';

/**
 * The directory role template ids of a person, for the `wids` claim of their tokens (graph-spec
 * §4.2). The role store belongs to the roles work of issue 4.
 */
export async function directoryRoleTemplateIds(_repos: Repos, _tenantId: string, _userId: string): Promise<string[]> {
  // TODO(issue 4): roles helper
  return [];
}
