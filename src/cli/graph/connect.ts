import { GraphClient, type GraphVersion, type RetryListener } from './graph-client.js';
import { ProfileStore } from './profile-store.js';
import type { RetryPolicy } from './retry-policy.js';
import { TokenProvider } from './token-provider.js';

/** A Graph client for the named (or current) profile. */
export function connect(profileName: string | undefined, version: GraphVersion, retry?: RetryPolicy, onRetry?: RetryListener): GraphClient {
  const store = new ProfileStore();
  const { name, profile } = store.get(profileName);
  return new GraphClient(profile.baseUrl, version, new TokenProvider(store, name, profile), retry, onRetry);
}
