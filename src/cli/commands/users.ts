import type { Command } from 'commander';
import { examples } from '../admin-options.js';
import { renderObjects, outputFormats, type OutputFormat } from '../format/graph-output.js';
import { connect } from '../graph/connect.js';
import type { Io } from '../io.js';

interface UsersOptions {
  pending?: boolean;
  filter?: string;
  all?: boolean;
  format: OutputFormat;
  json?: boolean;
  profile?: string;
}

const PENDING = "externalUserState eq 'PendingAcceptance'";
const SELECT = 'id,displayName,mail,userPrincipalName,userType,externalUserState';

/** `portico users`: Get-MgUser for people, with the guest columns an inviter looks at. */
export function addUsers(program: Command, io: Io): void {
  const command = program.command('users')
    .description('list users (GET /v1.0/users), e.g. the guests who have not redeemed yet')
    .option('--pending', `only guests who have not redeemed yet (${PENDING})`)
    .option('--filter <filter>', 'an OData $filter, e.g. "userType eq \'Guest\'"')
    .option('--all', 'every page, not just the first')
    .option('--format <format>', `output: ${outputFormats.join(', ')}`, 'table')
    .option('--json', 'the same as --format json')
    .option('--profile <name>', 'the signed-in profile to use');
  command.addHelpText('after', examples('portico users --pending', 'portico users --filter "startsWith(mail,\'sam\')" --format csv'));
  command.action(async (options: UsersOptions) => {
    const format = options.json ? 'json' : options.format;
    if (!outputFormats.includes(format)) throw new Error(`--format must be one of ${outputFormats.join(', ')}`);
    const filter = [options.pending ? PENDING : undefined, options.filter ? `(${options.filter})` : undefined].filter(Boolean).join(' and ') || undefined;
    const client = connect(options.profile, 'v1.0');
    const users: Record<string, unknown>[] = [];
    let next: string | undefined = '/users';
    let first = true;
    while (next) {
      const page = (await client.call('GET', next, { query: first ? { $filter: filter, $select: SELECT, $top: options.all ? '999' : undefined } : undefined })).json as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
      first = false;
      users.push(...page.value);
      next = options.all ? page['@odata.nextLink'] : undefined;
    }
    const lines = renderObjects(users, { format, tableColumns: ['DisplayName', 'Mail', 'UserType', 'ExternalUserState', 'Id'] }, false);
    for (const line of format === 'json' || users.length > 0 ? lines : ['(no users)']) io.out(line);
  });
}
