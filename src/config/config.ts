import { isIP } from 'node:net';
/**
 * One typed configuration schema: each option has a type, a default, an environment variable and a
 * doc line. Precedence: defaults < environment (`PORTICO_…`) < command-line flags. The result is
 * validated once and frozen; nothing reads `process.env` elsewhere.
 */
export interface Config {
  port: number;
  host: string;
  db: string;
  publicUrl: string;
  tlsCert: string | null;
  tlsKey: string | null;
  http: boolean;
  smtp: string | null;
  dataDir: string;
  domainSuffix: string;
  defaultTenantName: string;
  logLevel: string;
  tokenLifetimeSeconds: number;
  mailFrom: string | null;
  mailMaxAttempts: number;
  mailRetryDelayMs: number;
  outboxPollIntervalMs: number;
  outboxLeaseMs: number;
  outboxConcurrency: number;
  outboxOff: boolean;
  templates: string | null;
  trustProxy: string | null;
  workers: number;
}

type Kind = 'string' | 'number' | 'boolean' | 'string?';

interface OptionSpec {
  key: keyof Config;
  flag: string;
  env: string;
  kind: Kind;
  default: string | number | boolean | null;
  doc: string;
}

export const configOptions: OptionSpec[] = [
  { key: 'port', flag: '--port', env: 'PORTICO_PORT', kind: 'number', default: 8443, doc: 'TCP port to listen on' },
  { key: 'host', flag: '--host', env: 'PORTICO_HOST', kind: 'string', default: '0.0.0.0', doc: 'address to bind' },
  { key: 'db', flag: '--db', env: 'PORTICO_DB', kind: 'string', default: './data/portico.db', doc: 'SQLite file path or postgres:// URL' },
  { key: 'publicUrl', flag: '--public-url', env: 'PORTICO_PUBLIC_URL', kind: 'string?', default: null, doc: 'external base URL for links and token issuers (default https://localhost:PORT)' },
  { key: 'tlsCert', flag: '--tls-cert', env: 'PORTICO_TLS_CERT', kind: 'string?', default: null, doc: 'PEM certificate (default: a self-signed one in the data folder)' },
  { key: 'tlsKey', flag: '--tls-key', env: 'PORTICO_TLS_KEY', kind: 'string?', default: null, doc: 'PEM private key for --tls-cert' },
  { key: 'http', flag: '--http', env: 'PORTICO_HTTP', kind: 'boolean', default: false, doc: 'serve plain HTTP (behind a TLS-terminating proxy)' },
  { key: 'smtp', flag: '--smtp', env: 'PORTICO_SMTP', kind: 'string?', default: null, doc: 'smtp://user:pass@host:port for invitation mail' },
  { key: 'dataDir', flag: '--data-dir', env: 'PORTICO_DATA_DIR', kind: 'string', default: './data', doc: 'folder for the generated certificate and other local state' },
  { key: 'domainSuffix', flag: '--domain-suffix', env: 'PORTICO_DOMAIN_SUFFIX', kind: 'string', default: 'onmicrosoft.com', doc: 'suffix of tenants\' initial domains' },
  { key: 'defaultTenantName', flag: '--default-tenant', env: 'PORTICO_DEFAULT_TENANT', kind: 'string', default: 'portico', doc: 'name of the tenant created on first start' },
  { key: 'logLevel', flag: '--log-level', env: 'PORTICO_LOG_LEVEL', kind: 'string', default: 'info', doc: 'pino log level (fatal, error, warn, info, debug, silent)' },
  { key: 'tokenLifetimeSeconds', flag: '--token-lifetime', env: 'PORTICO_TOKEN_LIFETIME', kind: 'number', default: 3599, doc: 'access token lifetime in seconds' },
  { key: 'mailFrom', flag: '--mail-from', env: 'PORTICO_MAIL_FROM', kind: 'string?', default: null, doc: 'sender of invitation mail, an address or "Name <address>" (default invites@<public-url host>)' },
  { key: 'mailMaxAttempts', flag: '--mail-max-attempts', env: 'PORTICO_MAIL_MAX_ATTEMPTS', kind: 'number', default: 10, doc: 'tries of a mail before it is marked failed' },
  { key: 'mailRetryDelayMs', flag: '--mail-retry-delay', env: 'PORTICO_MAIL_RETRY_DELAY', kind: 'number', default: 30_000, doc: 'milliseconds before the first retry; doubles each try, with jitter' },
  { key: 'outboxPollIntervalMs', flag: '--outbox-poll-interval', env: 'PORTICO_OUTBOX_POLL_INTERVAL', kind: 'number', default: 1000, doc: 'milliseconds between looks for due mail' },
  { key: 'outboxLeaseMs', flag: '--outbox-lease', env: 'PORTICO_OUTBOX_LEASE', kind: 'number', default: 300_000, doc: 'milliseconds a claimed mail stays with its sender before another process may retry it' },
  { key: 'outboxConcurrency', flag: '--outbox-concurrency', env: 'PORTICO_OUTBOX_CONCURRENCY', kind: 'number', default: 32, doc: 'mails one process sends at once' },
  { key: 'outboxOff', flag: '--outbox-off', env: 'PORTICO_OUTBOX_OFF', kind: 'boolean', default: false, doc: 'send no mail from this process (another runs `portico outbox run`)' },
  { key: 'trustProxy', flag: '--trust-proxy', env: 'PORTICO_TRUST_PROXY', kind: 'string?', default: null, doc: 'comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For gives the client address (sign-in lockout per address)' },
  { key: 'workers', flag: '--workers', env: 'PORTICO_WORKERS', kind: 'number', default: 1, doc: 'processes serving the port together, one per core to use (they share the database; SQLite\'s file in WAL mode)' },
  { key: 'templates', flag: '--templates', env: 'PORTICO_TEMPLATES', kind: 'string?', default: null, doc: 'folder of templates overriding the built-in ones (same layout: mail/<lang>/...)' },
];

export class ConfigError extends Error {}

function coerce(spec: OptionSpec, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  switch (spec.kind) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${spec.flag} must be a whole number, got '${String(raw)}'`);
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (/^(1|true|yes|on)$/i.test(String(raw))) return true;
      if (/^(0|false|no|off|)$/i.test(String(raw))) return false;
      throw new ConfigError(`${spec.env} must be true or false, got '${String(raw)}'`);
    default:
      return String(raw);
  }
}

/** Builds the frozen configuration from flags (already parsed, keyed by Config key) and the environment. */
export function loadConfig(flags: Partial<Record<keyof Config, unknown>>, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const out: Record<string, unknown> = {};
  for (const spec of configOptions) {
    out[spec.key] = coerce(spec, flags[spec.key]) ?? coerce(spec, env[spec.env]) ?? spec.default;
  }
  const config = out as unknown as Config;
  if (config.port > 65535) throw new ConfigError('--port must be at most 65535');
  if (config.mailMaxAttempts < 1) throw new ConfigError('--mail-max-attempts must be at least 1');
  if (config.outboxConcurrency < 1) throw new ConfigError('--outbox-concurrency must be at least 1');
  if (config.workers < 1 || config.workers > 64) throw new ConfigError('--workers must be between 1 and 64');
  if (config.outboxPollIntervalMs < 10) throw new ConfigError('--outbox-poll-interval must be at least 10 ms');
  if (config.trustProxy !== null) trustedProxies(config.trustProxy);
  if ((config.tlsCert === null) !== (config.tlsKey === null)) throw new ConfigError('--tls-cert and --tls-key go together');
  const scheme = config.http ? 'http' : 'https';
  config.publicUrl = (config.publicUrl ?? `${scheme}://localhost:${config.port}`).replace(/\/+$/, '');
  try {
    const u = new URL(config.publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`--public-url must be an absolute http(s) URL, got '${config.publicUrl}'`);
  }
  return Object.freeze(config);
}

/**
 * The reverse proxies named by `--trust-proxy`: IPv4/IPv6 addresses or CIDR ranges. Only these may
 * say who the client is (X-Forwarded-For); anyone else could name any address and so escape the
 * per-address sign-in lockout, which is why "trust every proxy" is not offered.
 */
export function trustedProxies(value: string): string[] {
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new ConfigError('--trust-proxy needs at least one address or CIDR range');
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      throw new ConfigError(`--trust-proxy takes IP addresses or CIDR ranges separated by commas, got '${entry}'`);
    }
  }
  return entries;
}
