import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time PostgreSQL spent for one database, from /proc (Linux; null elsewhere). A backend's
 * counters vanish when it exits, so this polls and keeps each process's last figure. Parallel
 * index-build workers name their leader, not the database, and count when their leader does.
 */
const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

function stat(pid: string): { ms: number; cmd: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (!text.includes('(postgres')) return null;
    return { ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') };
  } catch {
    return null;
  }
}

export function watchPostgresCpu(database: string, everyMs = 200): { stop(): number | null } {
  if (!existsSync('/proc')) return { stop: () => null };
  const seen = new Map<string, number>();
  const poll = () => {
    const leaders = new Set<string>();
    const workers: [string, string, number][] = [];
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      const s = stat(pid);
      if (!s) continue;
      const worker = /parallel worker for PID (\d+)/.exec(s.cmd);
      if (worker) workers.push([pid, worker[1], s.ms]);
      else if (s.cmd.includes(` ${database} `)) {
        leaders.add(pid);
        seen.set(pid, s.ms);
      }
    }
    for (const [pid, leader, ms] of workers) if (leaders.has(leader)) seen.set(`w${pid}`, ms);
  };
  poll();
  const start = new Map(seen);
  const timer = setInterval(poll, everyMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      let ms = 0;
      for (const [pid, v] of seen) ms += v - (start.get(pid) ?? 0);
      return ms;
    },
  };
}
