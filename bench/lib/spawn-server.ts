import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { ServerReady } from '../servers/free-port.js';
import { childrenOf, isAlive } from './process-tree.js';

export interface RunningServer extends ServerReady {
  pid: number;
  /** Sends `signal` and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const READY_TIMEOUT_MS = 60_000;

/** Extra node flags for the processes under test, from BENCH_SERVER_NODE_FLAGS (e.g. --cpu-prof, --perf-basic-prof). */
export function serverNodeFlags(): string[] {
  return (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/**
 * Starts a benchmark server as a plain node process (not through the tsx CLI, which would put a
 * second process between us and the server and swallow SIGKILL), and waits for its ready line.
 */
export async function spawnServer(script: string, args: string[], nodeFlags: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready after ${READY_TIMEOUT_MS} ms\n${stderr}`)), READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as ServerReady);
      } catch {
        reject(new Error(`${script} printed '${line}' instead of its ready line\n${stderr}`));
      }
    });
    void exited.then(([code, signal]) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready\n${stderr}`));
    });
  });

  return {
    ...ready,
    pid: child.pid ?? -1,
    async stop(signal) {
      // A server of several processes (--workers): its workers end after it, and a durability check
      // that read the database while one still committed would see half of a moment.
      const workers = child.pid === undefined ? [] : childrenOf(child.pid);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, sig] = await exited;
      const deadline = Date.now() + 15_000;
      while (workers.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return { code, signal: sig };
    },
  };
}
