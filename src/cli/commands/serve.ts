import type { Command } from 'commander';
import { examples } from '../admin-options.js';
import { addConfigOptions, configFromOptions } from '../config-options.js';
import type { Io } from '../io.js';

export function addServe(program: Command, io: Io): void {
  const command = program.command('serve')
    .description('run Portico: the Graph API, the identity authority and the redemption pages (HTTPS on 8443 by default)');
  addConfigOptions(command);
  command.addHelpText('after', examples(
    'portico serve',
    'portico serve --http --port 8080 --public-url https://portico.example.com --db postgres://portico@db.internal/portico',
  ));
  command.action(async (options: Record<string, unknown>) => {
    const config = configFromOptions(options);
    // Loaded on demand: the HTTP stack is most of the startup time, and admin commands never need it.
    const { startServer } = await import('../serve/start-server.js');
    await startServer(config, io);
  });
}
