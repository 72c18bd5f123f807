import { Option, type Command } from 'commander';
import { configOptions, loadConfig, type Config } from '../config/config.js';

type OptionSpec = (typeof configOptions)[number];

/** Argument names shown in help; presentation only, the schema stays in config/config.ts. */
const placeholders: Partial<Record<keyof Config, string>> = {
  port: '<port>',
  host: '<address>',
  db: '<path-or-url>',
  publicUrl: '<url>',
  tlsCert: '<file>',
  tlsKey: '<file>',
  smtp: '<url>',
  dataDir: '<dir>',
  domainSuffix: '<domain>',
  defaultTenantName: '<name>',
  logLevel: '<level>',
  tokenLifetimeSeconds: '<seconds>',
  mailFrom: '<address>',
  mailMaxAttempts: '<n>',
  mailRetryDelayMs: '<ms>',
  outboxPollIntervalMs: '<ms>',
  outboxLeaseMs: '<ms>',
  outboxConcurrency: '<n>',
  templates: '<dir>',
};

/**
 * The commander option for one config entry. No commander default is set on purpose: an absent
 * flag must stay `undefined` so that `loadConfig` can fall back to the environment, then to the
 * schema's default (defaults < env < flags).
 */
function optionFor(spec: OptionSpec): Option {
  const flags = spec.kind === 'boolean' ? spec.flag : `${spec.flag} ${placeholders[spec.key] ?? '<value>'}`;
  const fallback = spec.default === null || spec.default === false ? '' : `, default: ${String(spec.default)}`;
  return new Option(flags, `${spec.doc} (env: ${spec.env}${fallback})`);
}

/** Adds the options of the named config keys (all of them when omitted) to a command. */
export function addConfigOptions(command: Command, keys?: readonly (keyof Config)[]): Command {
  for (const spec of configOptions) {
    if (!keys || keys.includes(spec.key)) command.addOption(optionFor(spec));
  }
  return command;
}

/** Builds the frozen config from a command's parsed options and the environment. */
export function configFromOptions(options: object, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = options as Record<string, unknown>;
  const flags: Partial<Record<keyof Config, unknown>> = {};
  for (const spec of configOptions) flags[spec.key] = parsed[optionFor(spec).attributeName()];
  return loadConfig(flags, env);
}
