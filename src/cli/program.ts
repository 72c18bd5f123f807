import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { addAppCreate } from './commands/app-create.js';
import { addAppList } from './commands/app-list.js';
import { addAppSecretAdd } from './commands/app-secret-add.js';
import { addAppConsent } from './commands/app-consent.js';
import { addUserCreate } from './commands/user-create.js';
import { addKeysRotate } from './commands/keys-rotate.js';
import { addMigrate } from './commands/migrate.js';
import { addPolicyCommands } from './commands/policy-commands.js';
import { addServe } from './commands/serve.js';
import { addTenantCreate } from './commands/tenant-create.js';
import { addTenantList } from './commands/tenant-list.js';
import { addTenantSet } from './commands/tenant-set.js';
import { addOutboxList } from './commands/outbox-list.js';
import { addOutboxRun } from './commands/outbox-run.js';
import { addLogin, addLogout } from './commands/login.js';
import { addInvite } from './commands/invite.js';
import { addUsers } from './commands/users.js';
import { addCompletion } from './commands/completion.js';
import { addCmdlets } from './cmdlets/add-cmdlets.js';
import { findCmdlet } from './cmdlets/registry.js';
import { runCmdlet } from './cmdlets/run-cmdlet.js';
import { addUserRoleAdd } from './commands/user-role-add.js';
import { addUserRoleList } from './commands/user-role-list.js';
import { addUserRoleRemove } from './commands/user-role-remove.js';
import { examples } from './admin-options.js';
import { errorMessage } from './error-message.js';
import { processIo, type Io } from './io.js';

/**
 * The `portico` command tree. Subcommands are made with `parent.command()` so they inherit the
 * output and exit settings below.
 */
export function buildProgram(io: Io): Command {
  const program = new Command('portico')
    .description('Self-hosted Microsoft Entra B2B invitations behind the Microsoft Graph API')
    .version(packageVersion(), '-V, --version')
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
    // Commander must not exit the process itself: `run` turns every outcome into an exit code.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  program.addHelpText('after', examples('portico serve', 'portico tenant list', 'portico app create --help', 'portico login --base-url https://localhost:8443 --tenant <tenantId> --client-id <appId> --client-secret <secret>', 'portico New-MgInvitation -?'));

  addServe(program, io);
  addMigrate(program, io);

  const tenant = program.command('tenant').description('administer tenants');
  tenant.addHelpText('after', examples('portico tenant create --name Contoso --domain contoso.com'));
  addTenantCreate(tenant, io);
  addTenantList(tenant, io);

  const app = program.command('app').description('administer app registrations and their client secrets');
  app.addHelpText('after', examples('portico app create --tenant contoso.com --name Onboarding --permissions User.Invite.All'));
  addAppCreate(app, io);
  addAppList(app, io);
  const secret = app.command('secret').description('administer an app\'s client secrets');
  secret.addHelpText('after', examples('portico app secret add --tenant contoso.com --app <appId>'));
  addAppSecretAdd(secret, io);
  addAppConsent(app, io);

  const user = program.command('user').description('administer users of a tenant: members who sign in at the authority, and their directory roles');
  user.addHelpText('after', examples('portico user create --tenant contoso.com --upn ada@contoso.com --display-name Ada --password \'S3cure!pass\''));
  addUserCreate(user, io);

  const keys = program.command('keys').description('administer the token signing keys');
  keys.addHelpText('after', examples('portico keys rotate'));
  addKeysRotate(keys, io);

  addTenantSet(tenant, io);
  const outbox = program.command('outbox').description('deliver and inspect outgoing mail');
  outbox.addHelpText('after', examples('portico outbox list --state failed', 'portico outbox run --smtp smtp://mail.internal:587'));
  addOutboxRun(outbox, io);
  addOutboxList(outbox, io);
  addLogin(program, io);
  addLogout(program, io);
  addInvite(program, io);
  addUsers(program, io);
  addCmdlets(program, io);
  addCompletion(program, io);
  const role = user.command('role').description("administer users' directory roles");
  role.addHelpText('after', examples('portico user role add --tenant contoso.com --user maria@contoso.com --role "Guest Inviter"'));
  addUserRoleAdd(role, io);
  addUserRoleList(role, io);
  addUserRoleRemove(role, io);

  const policy = program.command('policy').description("administer a tenant's authorization policy");
  policy.addHelpText('after', examples('portico policy set --tenant contoso.com --allow-invites-from adminsAndGuestInviters'));
  addPolicyCommands(policy, io);
  return program;
}

/**
 * Runs the CLI and returns the process exit code: 0 on success, 1 on any error, printed as
 * `error: <message>` without a stack trace (commander prints its own usage errors).
 */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    // Graph cmdlets bind their arguments the PowerShell way, which commander cannot parse.
    const cmdlet = findCmdlet(argv[2]);
    if (cmdlet) {
      await runCmdlet(cmdlet, argv.slice(3), io);
      return 0;
    }
    await buildProgram(io).parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.err(`error: ${errorMessage(err)}`);
    return 1;
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
