import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { trustedProxies, type Config } from './config/config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { AccessTokenVerifier } from './domain/identity/access-tokens.js';
import { KeyRing } from './domain/identity/key-ring.js';
import type { MailTransport, Store } from './domain/ports.js';
import { PolicyCache } from './domain/policies/policy-cache.js';
import { TenantCache } from './domain/tenants/tenant-cache.js';
import { BODY_LIMIT } from './http/body-limit.js';
import { registerHttp } from './http/register-http.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { RequestRate } from './outbox/request-rate.js';
import { Housekeeper } from './domain/housekeeping/housekeeper.js';
import { MailTemplates } from './outbox/mail-templates.js';
import { Sender } from './outbox/sender.js';
import { devMailboxTransport } from './outbox/transports/dev-mailbox-transport.js';
import { smtpTransport } from './outbox/transports/smtp-transport.js';

export interface AppDeps {
  store: Store;
  clock?: Clock;
  /** Fastify/pino logger options; `false` for silence (tests, benchmarks). */
  logger?: FastifyServerOptions['logger'];
  /** HTTPS options for node's https server (key, cert); omitted for plain HTTP and `inject`. */
  https?: { key: string | Buffer; cert: string | Buffer } | null;
  /** Mail transport; by default SMTP from `config.smtp`, else the development mailbox. */
  mail?: MailTransport;
  /** Run the outbox dispatcher while the app is up (`portico serve` does unless --outbox-off). */
  dispatch?: boolean;
  /** Sweep expired codes, tokens and sessions periodically (`portico serve` does; tests choose). */
  housekeeping?: boolean;
}

export interface Services {
  config: Readonly<Config>;
  store: Store;
  clock: Clock;
  keys: KeyRing;
  verifier: AccessTokenVerifier;
  tenants: TenantCache;
  mail: MailTransport;
  /** Delivers the outbox; `nudge()` after queueing mail (a no-op when it is not running). */
  dispatcher: Dispatcher;
  /** Whether mail goes to the development mailbox (then `/mailbox` shows it). */
  devMailbox: boolean;
  /** Each tenant's authorizationPolicy, cached briefly (the decision reads it on every invitation). */
  policies: PolicyCache;
}

/**
 * Makes what the app creates on the first use of a database (the signing key, the skiptoken secret)
 * by building it once and closing it. Run before several processes start on one database
 * (`portico serve --workers`), so that none of them races another to create it.
 */
export async function createFirstUseState(config: Readonly<Config>, store: Store): Promise<void> {
  await (await buildApp(config, { store, logger: false })).close();
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
    // request.ip is the client's address only through proxies named by --trust-proxy.
    ...(config.trustProxy !== null ? { trustProxy: trustedProxies(config.trustProxy) } : {}),
    // Graph's "request-id": every request gets a fresh GUID (the client's own id is echoed separately).
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, verbose: true } },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  const devMailbox = !deps.mail && !config.smtp;
  const mail = deps.mail ?? defaultMailTransport(config, deps.store, clock);
  // Mail sent from this process yields to its API requests (request-rate.ts).
  const requests = new RequestRate();
  app.addHook('onRequest', (_request, _reply, done) => {
    requests.note();
    done();
  });
  const dispatcher = outboxDispatcher(config, { store: deps.store, clock, tenants, mail }, app.log, () => requests.busy());
  if (deps.dispatch) app.addHook('onReady', async () => dispatcher.start());
  // Every server sweeps expired codes, tokens and sessions (harmless when several do at once).
  const housekeeper = new Housekeeper(deps.store, clock, app.log);
  if (deps.housekeeping) app.addHook('onReady', async () => housekeeper.start());
  app.addHook('onClose', async () => {
    await housekeeper.stop();
    // Sends in flight finish (and are recorded) before the transport and the store close.
    await dispatcher.stop();
    if (!deps.mail) await mail.close();
  });
  const policies = new PolicyCache(deps.store.policies);
  await registerHttp(app, { config, store: deps.store, clock, keys, verifier, tenants, mail, dispatcher, devMailbox, policies });
  return app;
}

/** SMTP with `--smtp`; otherwise the development mailbox in the database, shown at `/mailbox`. */
export function defaultMailTransport(config: Readonly<Config>, store: Store, clock: Clock): MailTransport {
  return config.smtp ? smtpTransport(config.smtp) : devMailboxTransport(store, clock);
}

/** The dispatcher as configured; `portico serve` runs it in the app, `portico outbox run` alone. */
export function outboxDispatcher(
  config: Readonly<Config>,
  deps: { store: Store; clock: Clock; tenants: TenantCache; mail: MailTransport },
  log?: { warn(detail: object, message: string): void },
  apiBusy?: () => boolean,
): Dispatcher {
  return new Dispatcher({
    ...deps, publicUrl: config.publicUrl, templates: new MailTemplates(config.templates),
    sender: new Sender(config.mailFrom, config.publicUrl), maxAttempts: config.mailMaxAttempts, retryDelayMs: config.mailRetryDelayMs,
  }, { pollIntervalMs: config.outboxPollIntervalMs, leaseMs: config.outboxLeaseMs, concurrency: config.outboxConcurrency, apiBusy }, log);
}
