import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { systemClock, type Clock } from '../../src/domain/clock.js';
import { createApp } from '../../src/domain/identity/create-app.js';
import type { Store } from '../../src/domain/ports.js';
import { createTenant } from '../../src/domain/tenants/create-tenant.js';
import type { Tenant } from '../../src/domain/model.js';
import { openStore } from '../../src/storage/open-store.js';
import { createDatabase, type Dialect, type TestDatabase } from './databases.js';

export const PUBLIC_URL = 'https://portico.test';

export interface HarnessOptions {
  config?: Record<string, unknown>;
  clock?: Clock;
  deps?: Partial<AppDeps>;
}

export interface TestApp {
  appId: string;
  secret: string;
  token: string;
}

/**
 * A Portico instance over a fresh database of one dialect, driven through HTTP with `inject`:
 * tenants and apps are made the way `portico tenant/app create` makes them, and every Graph call
 * carries a real token from the token endpoint.
 */
export class GraphHarness {
  private constructor(readonly db: TestDatabase, readonly store: Store, readonly app: FastifyInstance) {}

  /**
   * `options.config` adds settings as flags would (e.g. `smtp`, `publicUrl`); `options.clock` replaces
   * the wall clock; `options.deps` passes composition-root extras (e.g. `{ dispatch: true }` to deliver mail from the first
   * request on). The app is not made ready here, so a test may still add routes.
   */
  static async start(dialect: Dialect, options: HarnessOptions = {}): Promise<GraphHarness> {
    const db = await createDatabase(dialect);
    const store = await openStore(db.url);
    const config = loadConfig({ publicUrl: PUBLIC_URL, ...options.config }, {});
    const app = await buildApp(config, { ...options.deps, store, ...(options.clock ? { clock: options.clock } : {}) });
    return new GraphHarness(db, store, app);
  }

  private readonly extra: { app: FastifyInstance; store: Store }[] = [];

  /**
   * Another Portico "process" on the same database: its own connection pool, group committer and
   * caches, so races between processes can be tested without in-process locks hiding them.
   */
  async secondInstance(): Promise<FastifyInstance> {
    const store = await openStore(this.db.url);
    const app = await buildApp(loadConfig({ publicUrl: PUBLIC_URL }, {}), { store });
    this.extra.push({ app, store });
    return app;
  }

  async stop(): Promise<void> {
    for (const e of this.extra) {
      await e.app.close();
      await e.store.close();
    }
    await this.app.close();
    await this.store.close();
    await this.db.drop();
  }

  async tenant(name = `Contoso ${Math.random().toString(36).slice(2, 8)}`, domains: string[] = []): Promise<Tenant> {
    return createTenant(this.store, systemClock, { name, domains, domainSuffix: 'onmicrosoft.com' });
  }

  async appWith(tenant: Tenant, permissions: string[]): Promise<TestApp> {
    const { app, secret } = await createApp(this.store, systemClock, { tenantId: tenant.id, name: 'test app', permissions });
    const token = await this.token(tenant.id, app.appId, secret.secretText);
    return { appId: app.appId, secret: secret.secretText, token };
  }

  async token(tenant: string, clientId: string, secret: string, scope = 'https://graph.microsoft.com/.default'): Promise<string> {
    const res = await this.tokenRequest(tenant, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope });
    if (res.statusCode !== 200) throw new Error(`token request failed: ${res.body}`);
    return (res.json() as { access_token: string }).access_token;
  }

  tokenRequest(tenant: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST', url: `/${tenant}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
  }

  graph(token: string | null, method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method, url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } } : { payload: body as object }),
    });
  }

  invite(token: string, body: unknown, version = 'v1.0'): Promise<LightMyRequestResponse> {
    return this.graph(token, 'POST', `/${version}/invitations`, body);
  }
}

/** Counts rows of a table for one tenant, straight from the store, to prove nothing was written. */
export async function countRows(h: GraphHarness, tenantId: string): Promise<Record<string, number>> {
  const users = await h.store.users.page(tenantId, null, 999);
  return {
    users: users.users.length,
    outbox: await h.store.outbox.countFor(tenantId),
    audit: (await h.store.audit.list(tenantId)).length,
  };
}
