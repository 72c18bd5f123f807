#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner through tsx. Node 20's runner takes no
// globs, so the files are listed here. PostgreSQL is checked first: storage tests run on SQLite and
// PostgreSQL, and a run that could not reach PostgreSQL must fail rather than pass on SQLite alone.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['test'];

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => collect(join(path, name)));
}

const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const onlySqlite = process.env.PORTICO_TEST_DIALECTS === 'sqlite' && process.env.CI !== 'true';
if (!onlySqlite) {
  const url = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
  } catch (err) {
    console.error(`PostgreSQL is required for the test suite and is not reachable at ${url}: ${err.message}`);
    process.exit(1);
  }
}

const result = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files,
], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
process.exit(result.status ?? 1);
