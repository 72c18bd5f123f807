import { readFileSync } from 'node:fs';
import { connect } from '../graph/connect.js';
import { GraphRequestError } from '../graph/graph-error.js';
import type { GraphClient } from '../graph/graph-client.js';
import type { RetryPolicy } from '../graph/retry-policy.js';
import type { Io } from '../io.js';
import { readInviteFile } from './invite-rows.js';
import { Progress, type Counts } from './progress.js';
import { ResultsFile, type ResultLine } from './results-file.js';
import { validateRows, type ValidRow } from './validate-rows.js';

export interface BulkOptions {
  file: string;
  results: string;
  redirect?: string;
  concurrency: number;
  dryRun: boolean;
  profile?: string;
  /** Whether stderr is a terminal (progress bar) or not (plain lines). */
  tty: boolean;
  writeProgress: (text: string) => void;
}

export interface BulkSummary {
  rows: number;
  invited: number;
  skipped: number;
  failed: number;
  invalid: number;
  seconds: number;
}

/** A bulk run waits out throttling longer than one command would (Graph allows 150 invitations per 5 s per tenant). */
const bulkRetry: RetryPolicy = { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * `portico invite --csv FILE`: validate every row first, then invite the valid ones with bounded
 * concurrency, journaling each outcome in the results file so an interrupted run resumes where it
 * stopped without inviting anyone twice.
 */
export async function runBulkInvite(opts: BulkOptions, io: Io): Promise<BulkSummary> {
  const file = readInviteFile(readFileSync(opts.file, 'utf8'), { redirectDefault: opts.redirect !== undefined });
  if (file.ignoredColumns.length > 0) io.err(`note: ignoring the column(s) ${file.ignoredColumns.join(', ')}`);
  const { valid, invalid } = validateRows(file.rows, { redirectUrl: opts.redirect });
  const report = opts.dryRun ? io.out : io.err;
  for (const bad of invalid) report(`row ${bad.row}: ${bad.email || '(no address)'}: ${bad.error}`);
  const summary: BulkSummary = { rows: file.rows.length, invited: 0, skipped: 0, failed: 0, invalid: invalid.length, seconds: 0 };
  if (opts.dryRun) return summary;

  // Signed in? Checked before the results file is touched.
  const counts: Counts = { done: 0, total: 0, failed: 0, retries: 0 };
  const client = connect(opts.profile, 'v1.0', bulkRetry, () => { counts.retries++; });
  const results = new ResultsFile(opts.results);
  const same = (r: ResultLine | undefined, row: ValidRow) => r !== undefined && r.address.toLowerCase() === row.email.toLowerCase();
  const todo = valid.filter((row) => {
    const done = same(results.previous(row.row), row) && results.previous(row.row)?.status === 'invited';
    if (done) summary.skipped++;
    return !done;
  });
  const interrupted = new Set(todo.filter((row) => same(results.previous(row.row), row) && results.previous(row.row)?.status === 'pending').map((r) => r.row));
  counts.total = todo.length;
  results.begin();
  for (const bad of invalid) results.append({ row: bad.row, address: bad.email, status: 'invalid', userId: '', redeemUrl: '', error: bad.error });

  const progress = new Progress(() => counts, opts.writeProgress, opts.tty);
  const started = Date.now();
  progress.start();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const row = todo[next++];
      const outcome = await inviteRow(client, row, interrupted.has(row.row), results);
      results.append(outcome);
      counts.done++;
      if (outcome.status === 'invited') summary.invited++;
      else { summary.failed++; counts.failed++; }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, todo.length)) }, worker));
  } finally {
    progress.stop();
    results.finish();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

async function inviteRow(client: GraphClient, row: ValidRow, wasInFlight: boolean, results: ResultsFile): Promise<ResultLine> {
  const base = { row: row.row, address: row.email };
  try {
    if (wasInFlight) {
      // The killed run may have been answered by the server after all: look before inviting again.
      const existing = await findInvitedUser(client, row.email);
      if (existing) return { ...base, status: 'invited', userId: existing, redeemUrl: '', error: 'invited by the interrupted run; its redeem URL was not recorded' };
    }
    results.append({ ...base, status: 'pending', userId: '', redeemUrl: '', error: '' });
    const answer = (await client.call('POST', '/invitations', { body: row.body })).json as { invitedUser?: { id?: string }; inviteRedeemUrl?: string };
    return { ...base, status: 'invited', userId: answer.invitedUser?.id ?? '', redeemUrl: answer.inviteRedeemUrl ?? '', error: '' };
  } catch (err) {
    const error = err instanceof GraphRequestError ? err.message : (err as Error).message;
    return { ...base, status: 'failed', userId: '', redeemUrl: '', error };
  }
}

async function findInvitedUser(client: GraphClient, email: string): Promise<string | undefined> {
  const filter = `mail eq '${email.replace(/'/g, "''")}'`;
  const page = (await client.call('GET', '/users', { query: { $filter: filter, $select: 'id' } })).json as { value?: { id: string }[] };
  return page.value?.[0]?.id;
}
