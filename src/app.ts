import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config/config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { AccessTokenVerifier } from './domain/identity/access-tokens.js';
import { KeyRing } from './domain/identity/key-ring.js';
import type { MailTransport, Store } from './domain/ports.js';
import { TenantCache } from './domain/tenants/tenant-cache.js';
import { BODY_LIMIT } from './http/body-limit.js';
import { registerHttp } from './http/register-http.js';
import { smtpTransport } from './outbox/transports/smtp-transport.js';

export interface AppDeps {
  store: Store;
  clock?: Clock;
  /** Fastify/pino logger options; `false` for silence (tests, benchmarks). */
  logger?: FastifyServerOptions['logger'];
  /** HTTPS options for node's https server (key, cert); omitted for plain HTTP and `inject`. */
  https?: { key: string | Buffer; cert: string | Buffer } | null;
  /** Mail transport; by default SMTP from `config.smtp`. */
  mail?: MailTransport;
}

export interface Services {
  config: Readonly<Config>;
  store: Store;
  clock: Clock;
  keys: KeyRing;
  verifier: AccessTokenVerifier;
  tenants: TenantCache;
  mail: MailTransport;
}

/**
 * Composition root: wires store -> domain -> HTTP. It never listens; `portico serve` and the tests
 * decide how to run the returned instance.
 */
export async function buildApp(config: Readonly<Config>, deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const keys = new KeyRing(deps.store, clock, config.tokenLifetimeSeconds + 600);
  await keys.init();
  const tenants = new TenantCache(deps.store.tenants);
  const verifier = new AccessTokenVerifier(keys, clock, config.publicUrl, async (tid) => (await tenants.get(tid)) !== undefined,
    async (tid, appId) => (await deps.store.apps.findByAppId(tid, appId))?.servicePrincipalId);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    ...(deps.https ? { https: deps.https } : {}),
    // Graph's "request-id": every request gets a fresh GUID (the client's own id is echoed separately).
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, verbose: true } },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  const mail = deps.mail ?? defaultMailTransport(config);
  app.addHook('onClose', async () => { if (!deps.mail) await mail.close(); });
  await registerHttp(app, { config, store: deps.store, clock, keys, verifier, tenants, mail });
  return app;
}

// TODO(issue 5): with no --smtp the embedded default becomes the development mailbox.
function defaultMailTransport(config: Readonly<Config>): MailTransport {
  if (config.smtp) return smtpTransport(config.smtp);
  return {
    send: async () => { throw new Error('no mail transport configured (set --smtp)'); },
    close: async () => {},
  };
}
