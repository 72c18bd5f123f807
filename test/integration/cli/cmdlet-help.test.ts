import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { cmdlets } from '../../../src/cli/cmdlets/registry.js';
import { allParameters } from '../../../src/cli/cmdlets/run-cmdlet.js';
import { runCli } from '../../helpers/portico-process.js';

const exec = promisify(execFile);

/** The Graph-client commands and the options their help must list. */
const commands: { path: string[]; options: string[] }[] = [
  { path: ['login'], options: ['--tenant', '--client-id', '--client-secret', '--device-code', '--base-url', '--authority', '--scope', '--profile'] },
  { path: ['logout'], options: ['--profile'] },
  { path: ['invite'], options: ['--redirect', '--name', '--send', '--message', '--cc', '--member', '--csv', '--results', '--concurrency', '--dry-run', '--profile', '--json'] },
  { path: ['users'], options: ['--pending', '--filter', '--all', '--format', '--json', '--profile'] },
  { path: ['completion'], options: [] },
];

describe('help and completion for the Graph commands', { concurrency: true }, () => {
  it('portico --help lists the Graph commands and every cmdlet', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['login', 'logout', 'invite', 'users', 'completion', ...cmdlets.map((m) => m.name)]) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), c);
  });

  for (const c of commands) {
    it(`${c.path.join(' ')} --help lists every option and an example`, async () => {
      const r = await runCli([...c.path, '--help']);
      assert.equal(r.code, 0, r.stderr);
      for (const o of c.options) assert.match(r.stdout, new RegExp(`^\\s+${o}\\b`, 'm'), `${o} missing`);
      assert.match(r.stdout, new RegExp(`^Examples?:\\n(  \\$ .*\\n)*  \\$ .*portico ${c.path.join(' ')}`, 'm'));
    });
  }

  for (const cmdlet of cmdlets) {
    it(`${cmdlet.name} -? lists every parameter and an example; so does portico help ${cmdlet.name}`, async () => {
      for (const args of [[cmdlet.name, '-?'], ['help', cmdlet.name], [cmdlet.name.toLowerCase(), '--help']]) {
        const r = await runCli(args);
        assert.equal(r.code, 0, r.stderr);
        for (const p of allParameters(cmdlet)) assert.match(r.stdout, new RegExp(`^  -${p.name}\\b`, 'm'), `${args.join(' ')}: -${p.name} missing`);
        assert.match(r.stdout, new RegExp(`^Examples?:\\n  \\$ portico ${cmdlet.name} `, 'm'));
      }
    });
  }

  it('completion bash completes commands, cmdlets, subcommands and parameters', async () => {
    const r = await runCli(['completion', 'bash']);
    assert.equal(r.code, 0, r.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'portico-completion-'));
    try {
      const script = join(dir, 'portico.bash');
      writeFileSync(script, r.stdout);
      const complete = async (...words: string[]) => {
        const array = words.map((w) => `'${w}'`).join(' ');
        const { stdout } = await exec('bash', ['-c', `source '${script}'; COMP_WORDS=(portico ${array}); COMP_CWORD=${words.length}; _portico; printf '%s\\n' "\${COMPREPLY[@]}"`]);
        return stdout.trim().split('\n').filter(Boolean).sort();
      };
      assert.deepEqual(await complete('New-MgB'), ['New-MgBetaInvitation']);
      assert.deepEqual(await complete('lo'), ['login', 'logout']);
      assert.deepEqual(await complete('new-mginvitation', '-InvitedUserM'), ['-InvitedUserMessageInfo']);
      assert.deepEqual(await complete('Get-MgUser', '-Filter', 'x', '-Cou'), ['-CountVariable']);
      assert.deepEqual(await complete('tenant', 'cr'), ['create']);
      assert.deepEqual(await complete('invite', '--dr'), ['--dry-run']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('completion zsh defines the same words for compdef; other shells are refused', async () => {
    const r = await runCli(['completion', 'zsh']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^#compdef portico$/m);
    assert.match(r.stdout, /^compdef _portico portico$/m);
    assert.match(r.stdout, /^ {2}'get-mguser' '-UserId -Filter -Search -Property /m);
    const fish = await runCli(['completion', 'fish']);
    assert.equal(fish.code, 1);
    assert.match(fish.stderr, /^error: no completion for 'fish': use bash or zsh$/m);
  });
});
