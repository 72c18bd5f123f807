import cluster, { type Worker } from 'node:cluster';

/**
 * Several processes serving one port (node:cluster). One Node process runs JavaScript on one core;
 * the primary forks `count` workers of the same program, the kernel's connections are handed to
 * them in turn, and they share the store (PostgreSQL, or the SQLite file in WAL mode, where readers
 * never wait and writers take turns). The primary serves nothing itself: it starts the workers,
 * replaces one that dies, and stops them all on SIGTERM or SIGINT.
 */
const INDEX_ENV = 'PORTICO_WORKER_INDEX';
/** A worker that dies this soon after its start is not replaced: it would only die again. */
const MIN_LIFETIME_MS = 5_000;
const RESTART_DELAY_MS = 500;

/** This process's worker number (0 … count-1), or null outside a cluster. */
export function workerIndex(): number | null {
  if (!cluster.isWorker) return null;
  const n = Number(process.env[INDEX_ENV]);
  return Number.isInteger(n) ? n : null;
}

export interface WorkerPool {
  /** SIGTERM to every worker (each shuts down gracefully); resolves with 0 when all exited 0. */
  stop(graceMs: number): Promise<number>;
}

/**
 * Forks `count` workers with `env` and resolves once every one is listening; rejects if one exits
 * first. `log` hears of workers that die later (they are replaced after RESTART_DELAY_MS).
 */
export async function forkWorkers(count: number, env: Record<string, string>, log: (line: string) => void): Promise<WorkerPool> {
  const workers = new Map<number, Worker>();
  let stopping = false;
  let failures = 0;
  const fork = (index: number): Promise<void> => {
    const started = Date.now();
    const worker = cluster.fork({ ...env, [INDEX_ENV]: String(index) });
    workers.set(index, worker);
    return new Promise<void>((resolve, reject) => {
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve();
      });
      worker.once('exit', (code, signal) => {
        if (workers.get(index) === worker) workers.delete(index);
        if (stopping) {
          resolve();
          return;
        }
        if (!listening) {
          reject(new Error(`worker ${index} exited (${signal ?? code}) before it was listening`));
          return;
        }
        log(`worker ${index} (pid ${worker.process.pid}) exited (${signal ?? code})`);
        if (Date.now() - started < MIN_LIFETIME_MS) {
          failures++;
          log(`worker ${index} is not restarted: it ran less than ${MIN_LIFETIME_MS / 1000} s`);
          return;
        }
        setTimeout(() => {
          if (!stopping) fork(index).catch((err: Error) => log(err.message));
        }, RESTART_DELAY_MS);
      });
    });
  };
  try {
    await Promise.all(Array.from({ length: count }, (_, i) => fork(i)));
  } catch (err) {
    stopping = true;
    for (const w of workers.values()) w.process.kill('SIGKILL');
    throw err;
  }
  return {
    async stop(graceMs) {
      stopping = true;
      const live = [...workers.values()];
      // A worker still starting has no handler yet and dies of the SIGTERM itself: that is a clean stop too.
      const codes = live.map((w) => new Promise<number>((resolve) => {
        if (w.isDead()) resolve(w.process.exitCode ?? 1);
        else w.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM' ? 0 : 1));
      }));
      for (const w of live) w.process.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const w of live) if (!w.isDead()) w.process.kill('SIGKILL');
      }, graceMs);
      const exits = await Promise.all(codes);
      clearTimeout(timer);
      return failures === 0 && exits.every((c) => c === 0) ? 0 : 1;
    },
  };
}
