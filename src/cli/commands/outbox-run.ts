import type { Command } from 'commander';
import { examples } from '../admin-options.js';
import { addConfigOptions, configFromOptions } from '../config-options.js';
import type { Io } from '../io.js';

const keys = [
  'db', 'publicUrl', 'smtp', 'mailFrom', 'mailMaxAttempts', 'mailRetryDelayMs', 'outboxPollIntervalMs', 'outboxLeaseMs',
  'outboxConcurrency', 'templates', 'logLevel', 'port', 'http',
] as const;

export function addOutboxRun(outbox: Command, io: Io): void {
  const command = outbox.command('run')
    .description('deliver queued mail without serving HTTP, until stopped (SIGTERM or SIGINT finish the sends in flight)');
  addConfigOptions(command, keys);
  command.addHelpText('after', examples('portico outbox run --db postgres://portico@db.internal/portico --smtp smtp://mail.internal:587 --public-url https://portico.example.com'));
  command.action(async (options: Record<string, unknown>) => {
    const config = configFromOptions(options);
    // Loaded on demand, as `serve` does: admin commands never need the mail stack.
    const { runDispatcher } = await import('../serve/run-dispatcher.js');
    await runDispatcher(config, io);
  });
}
