import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { childrenOf } from './process-tree.js';

/**
 * CPU accounting from /proc (Linux), so a run on a busy machine can be told from a slow server:
 * the server's CPU time per invitation does not depend on what else runs, and the share that other
 * processes took during the run is reported beside the figures. Elsewhere every figure is null.
 */
const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on (getconf CLK_TCK)

interface Sample { at: number; pids: Map<number, number>; postgres: Map<number, number>; busyMs: number | null; stealMs: number | null }

export interface CpuShares {
  /** Percent of one core over the window (100 = one core busy throughout). */
  server: number | null;
  loadGenerator: number | null;
  /** The PostgreSQL backends serving the benchmark's database (WAL writer and checkpointer not included). */
  postgres: number | null;
  others: number | null;
  steal: number | null;
  /** CPU milliseconds the server spent in the window. */
  serverMs: number | null;
}

function readStat(pid: number | string): { comm: string; ms: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command sits in parentheses and may hold spaces; utime and stime are fields 14 and 15.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { comm: text.slice(text.indexOf('(') + 1, close), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

const processMs = (pid: number): number | null => readStat(pid)?.ms ?? null;

/** CPU of a process and of its children (the workers of a `--workers` server), recursively. */
function treeMs(pid: number): number | null {
  const own = readStat(pid)?.ms;
  if (own === undefined) return null;
  return childrenOf(pid).reduce((sum, child) => sum + (treeMs(child) ?? 0), own);
}

/** PostgreSQL backends serving `database` (their title reads `postgres: … <user> <database> …`). */
function postgresBackends(database: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (database === null || !existsSync('/proc')) return out;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const s = readStat(pid);
    if (!s || !s.comm.startsWith('postgres')) continue;
    let title = '';
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (title.includes(` ${database} `)) out.set(Number(pid), s.ms);
  }
  return out;
}

function systemMs(): { busy: number; steal: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = v.map(Number);
  return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: (steal ?? 0) * TICK_MS };
}

export function sampleCpu(serverPid: number, pgDatabase: string | null = null): Sample {
  const sys = systemMs();
  return {
    at: performance.now(),
    pids: new Map([[serverPid, treeMs(serverPid) ?? Number.NaN], [process.pid, processMs(process.pid) ?? Number.NaN]]),
    postgres: postgresBackends(pgDatabase),
    busyMs: sys?.busy ?? null,
    stealMs: sys?.steal ?? null,
  };
}

export function cpuShares(before: Sample, after: Sample, serverPid: number): CpuShares {
  const wall = after.at - before.at;
  const used = (pid: number) => {
    const d = (after.pids.get(pid) ?? Number.NaN) - (before.pids.get(pid) ?? Number.NaN);
    return Number.isFinite(d) ? d : null;
  };
  const server = used(serverPid);
  const self = used(process.pid);
  const pct = (ms: number | null) => (ms === null || wall <= 0 ? null : Math.round((ms / wall) * 100));
  // A backend that started during the window counts from zero; one that ended is lost (short-lived).
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  const busy = before.busyMs !== null && after.busyMs !== null ? after.busyMs - before.busyMs : null;
  const steal = before.stealMs !== null && after.stealMs !== null ? after.stealMs - before.stealMs : null;
  return {
    server: pct(server),
    loadGenerator: pct(self),
    postgres: pct(postgres),
    others: busy === null || server === null || self === null ? null : pct(Math.max(0, busy - server - self - postgres)),
    steal: pct(steal),
    serverMs: server,
  };
}
