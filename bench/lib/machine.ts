import { closeSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  sqlite: string;
  postgres: string;
  packages: string;
  /** The commit measured, and whether src/ had uncommitted changes. */
  revision: string;
  /** Median time of a 4 KiB write + fdatasync in the temp folder: the floor under every SQLite commit. */
  fsyncMs: number;
}

// Read from node_modules directly: some packages do not export their package.json.
const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

export async function describeMachine(pgUrl: string): Promise<Machine> {
  const mem = new SqliteDatabase(':memory:');
  const sqlite = (mem.prepare('select sqlite_version() as v').get() as { v: string }).v;
  mem.close();
  let postgres = 'unreachable';
  const client = new pg.Client({ connectionString: pgUrl });
  try {
    await client.connect();
    postgres = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    const sync = (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
    const fsync = (await client.query<{ fsync: string }>('SHOW fsync')).rows[0].fsync;
    postgres += ` (fsync=${fsync}, synchronous_commit=${sync})`;
  } catch {
    // Reported as unreachable; the postgres target will fail loudly on its own.
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    sqlite,
    postgres,
    packages: ['fastify', 'kysely', 'better-sqlite3', 'pg', 'autocannon'].map((p) => `${p} ${versionOf(p)}`).join(', '),
    fsyncMs: fsyncLatency(),
    revision: revision(),
  };
}

function revision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function fsyncLatency(): number {
  const file = join(tmpdir(), `portico-fsync-${process.pid}.bin`);
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const t = process.hrtime.bigint();
      writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return Math.round(times[times.length >> 1] * 1000) / 1000;
}
