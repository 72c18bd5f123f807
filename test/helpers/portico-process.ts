/**
 * Drives the real `portico` command as a child process (`node bin/portico.js …`), exactly as a
 * user or a deployment script would, so argument parsing, exit codes and output are all tested.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const portico = fileURLToPath(new URL('../../bin/portico.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The child's environment: this process's, minus PORTICO_* (so a developer's settings cannot leak
 * into a test) and the test runner's own markers, plus `env`.
 */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PORTICO_') && k !== 'NODE_TEST_CONTEXT'));
  return { ...clean, ...env };
}

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [portico, ...args], { env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** Runs a command with `--json`, expects success and exactly one JSON object on stdout. */
export async function runJson<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const r = await runCli([...args, '--json'], env);
  assert.equal(r.code, 0, `portico ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A refused command: exit code 1, one `error: …` line, and never a stack trace. */
export function assertCleanError(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 1, `expected exit code 1, got ${r.code}; stdout: ${r.stdout}`);
  assert.match(r.stderr, /^error: /m);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /^\s+at .+[:(]/m, 'stderr shows a stack trace');
  assert.doesNotMatch(r.stdout + r.stderr, /node:internal|\.ts:\d+:\d+/);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A running `portico serve`, with its output so far. */
export class ServeProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (d: string) => { this.stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { this.stderr += d; });
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  /** Starts `portico serve …` and waits until it says it is listening. */
  static async start(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
    const p = new ServeProcess(spawn(process.execPath, [portico, 'serve', ...args], { env: childEnv(env) }));
    await p.waitFor(/Portico is listening on/);
    return p;
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout)) {
      if (this.child.exitCode !== null) throw new Error(`portico serve exited with ${this.child.exitCode}: ${this.stderr}${this.stdout}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far: ${this.stderr}${this.stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends the signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}
