import type { Clock } from '../clock.js';
import type { AppRegistration } from '../model.js';
import type { Store } from '../ports.js';
import { matchesHash } from '../random.js';
import { JWT_BEARER_ASSERTION, verifyClientAssertion } from './client-assertion.js';
import { oauthErrors } from './oauth-error.js';
import type { ClientAuthLevel } from './user-tokens.js';

export interface ClientCredentialInput {
  clientSecret?: string;
  assertionType?: string;
  assertion?: string;
}

/**
 * Authenticates the client at the token endpoint: a certificate assertion, a secret, or nothing
 * for a public client in a flow that allows one. Returns Entra's `azpacr`.
 */
export async function authenticateClient(
  store: Store, clock: Clock, app: AppRegistration, input: ClientCredentialInput,
  opts: { publicAllowed: boolean; tokenEndpoints: string[] },
): Promise<ClientAuthLevel> {
  if (input.assertion !== undefined || input.assertionType !== undefined) {
    if (input.assertionType !== JWT_BEARER_ASSERTION) throw oauthErrors.assertionType();
    if (!input.assertion) throw oauthErrors.missingParameter('client_assertion');
    await verifyClientAssertion(store, clock, app, input.assertion, opts.tokenEndpoints);
    return '2';
  }
  if (input.clientSecret !== undefined) {
    const now = clock.now().toISOString();
    const secrets = await store.apps.secrets(app.tenantId, app.appId);
    // Compare against every secret so the time taken does not tell which one nearly matched.
    const matching = secrets.filter((s) => matchesHash(input.clientSecret ?? '', s.hash));
    if (matching.length === 0) throw oauthErrors.invalidSecret(app.appId);
    if (matching.every((s) => s.endDateTime !== null && s.endDateTime < now)) throw oauthErrors.expiredSecret(app.appId);
    return '1';
  }
  if (!opts.publicAllowed) throw oauthErrors.missingCredential();
  if (!app.isPublicClient) throw oauthErrors.publicClientDisabled();
  return '0';
}
