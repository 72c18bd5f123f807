import type { Kysely } from 'kysely';
import { UniqueViolation, type Repos } from '../domain/ports.js';
import type { Database } from './schema.js';
import { reposFor } from './repos/index.js';

interface Job {
  work: (repos: Repos) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: units of work that arrive while a transaction is being written are queued and
 * then run together in the next transaction, each inside its own savepoint. One fsync then makes a
 * whole batch durable, which is what lets SQLite in `synchronous=FULL` keep up with many
 * concurrent writers without weakening durability. A unit's promise settles only after COMMIT.
 */
export class GroupCommitter {
  private readonly queue: Job[] = [];
  private running = 0;

  constructor(
    private readonly db: Kysely<Database>,
    /** How many transactions may be open at once (1 for SQLite's single writer). */
    private readonly writers: number,
    private readonly maxBatch = 128,
  ) {}

  submit<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (this.running < this.writers) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length > 0) {
        // Let the event loop take in the requests that arrived meanwhile before cutting a batch:
        // better-sqlite3 blocks the loop during COMMIT's fsync, so without this yield the next
        // batch would hold just the one unit already queued and every request would pay an fsync.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.runBatch(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.running--;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    try {
      for (const job of batch) {
        settled.push({ job, ...(await this.runInSavepoint(trx, job)) });
      }
      await trx.commit().execute();
    } catch (err) {
      // The transaction itself failed (connection lost, disk full): nothing of the batch was written.
      await trx.rollback().execute().catch(() => undefined);
      for (const job of batch) job.reject(err);
      return;
    }
    for (const s of settled) (s.ok ? s.job.resolve : s.job.reject)(s.value);
  }

  private async runInSavepoint(
    trx: Awaited<ReturnType<ReturnType<Kysely<Database>['startTransaction']>['execute']>>,
    job: Job,
  ): Promise<{ ok: boolean; value: unknown }> {
    for (let attempt = 0; ; attempt++) {
      const sp = await trx.savepoint('unit').execute();
      try {
        const value = await job.work(reposFor(sp));
        await sp.releaseSavepoint('unit').execute();
        return { ok: true, value };
      } catch (err) {
        await sp.rollbackToSavepoint('unit').execute();
        await sp.releaseSavepoint('unit').execute();
        // Another process won a race on a unique key: run once more so the unit finds its row.
        if (err instanceof UniqueViolation && attempt === 0) continue;
        return { ok: false, value: err };
      }
    }
  }
}
