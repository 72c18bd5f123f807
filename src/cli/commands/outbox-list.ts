import { InvalidArgumentError, type Command } from 'commander';
import type { OutboxState } from '../../domain/model.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { table } from '../format/table.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

interface Options { tenant?: string; state?: OutboxState; limit: number; json?: boolean }

const states: OutboxState[] = ['queued', 'sending', 'sent', 'failed'];

function parseState(value: string): OutboxState {
  if (!states.includes(value as OutboxState)) throw new InvalidArgumentError(`use one of ${states.join(', ')}`);
  return value as OutboxState;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('use a whole number from 1 to 100000');
  return n;
}

export function addOutboxList(outbox: Command, io: Io): void {
  const command = outbox.command('list')
    .description('list outgoing mail, newest first, with its delivery state and the last server reply')
    .option('--tenant <tenant>', 'only this tenant (id or any of its domains)')
    .option('--state <state>', `only mail in this state (${states.join(', ')})`, parseState)
    .option('--limit <n>', 'at most this many (default 100)', parseLimit, 100);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico outbox list --state failed', 'portico outbox list --tenant contoso.com --json'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const entries = await withStore(config.db, async (store) => {
      const tenantId = options.tenant === undefined ? undefined : (await resolveTenant(store, options.tenant)).id;
      return store.outbox.list({ tenantId, state: options.state, limit: options.limit });
    });
    printResult(io, options.json, { value: entries }, () =>
      entries.length === 0
        ? ['No mail.']
        : table(['ID', 'STATE', 'TRIES', 'TO', 'UPDATED', 'LAST REPLY'], entries.map((m) => [
          m.id, m.state, String(m.attempts), m.recipient ?? '', m.updatedDateTime ?? m.createdDateTime,
          m.lastReply ?? m.lastError ?? '',
        ])));
  });
}
