import { CompiledQuery, type Kysely } from 'kysely';
import { UniqueViolation, type NewGuestInvitation, type Repos, type Settled } from '../domain/ports.js';
import type { Database } from './schema.js';
import { reposFor } from './repos/index.js';

const SAVEPOINT = CompiledQuery.raw('savepoint "unit"');
const RELEASE = CompiledQuery.raw('release savepoint "unit"');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint "unit"');

type Transaction = Awaited<ReturnType<ReturnType<Kysely<Database>['startTransaction']>['execute']>>;

interface Job {
  work: (repos: Repos) => Promise<unknown>;
  /** A new guest's invitation: written with the batch's others in one call when the batch runs without savepoints. */
  guest?: NewGuestInvitation;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: units of work that arrive while a transaction is being written are queued and
 * then run together in the next transaction. One fsync then makes a whole batch durable, which is
 * what lets SQLite in `synchronous=FULL` keep up with many concurrent writers without weakening
 * durability. A unit's promise settles only after COMMIT.
 *
 * A batch of new guests' invitations alone is written without a transaction where each of its
 * statements is whole by itself (runGuestsAlone: PostgreSQL). Any other batch first runs its units
 * one after another with no savepoints (its new guests' invitations first, all in one
 * `insertManyIfNew`): almost every unit succeeds,
 * and a savepoint per unit costs two statements (and, on PostgreSQL, a subtransaction; more than
 * 64 of them in one transaction slow every snapshot of the server). When a unit fails, what it
 * wrote cannot be told apart from its neighbours' work, so the whole transaction is rolled back
 * and the batch runs again with each unit in its own savepoint: the failing unit is rejected with
 * its own error, the others commit.
 */
export class GroupCommitter {
  private readonly queue: Job[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** How many transactions may be open at once (1 for SQLite's single writer). */
    private readonly writers: number,
    private readonly maxBatch = 128,
  ) {}

  submit<T>(work: (repos: Repos) => Promise<T>, guest?: NewGuestInvitation): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, guest, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** A unit that is `insertIfNew(w)`; the batch's guests are written by one `insertManyIfNew`. */
  submitGuestInvitation(w: NewGuestInvitation): Promise<boolean> {
    return this.submit((repos) => repos.guestInvitations.insertIfNew(w), w);
  }

  /**
   * Starts the next batch on the next turn of the event loop rather than at once. Units are
   * submitted from request handlers while the requests that arrived in the same poll phase are
   * still waiting to be parsed; starting at once (and, with SQLite's synchronous driver, finishing
   * before any of them is read) would commit every unit alone, with an fsync each.
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.writers || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // Share what is queued among the idle writers (PostgreSQL runs them in parallel).
      while (this.running < this.writers && this.queue.length > 0) {
        const share = Math.min(this.maxBatch, Math.ceil(this.queue.length / (this.writers - this.running)));
        void this.drainOne(share);
      }
    });
  }

  private async drainOne(size: number): Promise<void> {
    this.running++;
    try {
      await this.runBatch(this.queue.splice(0, size));
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    if (batch.every((job) => job.guest !== undefined) && (await this.runGuestsAlone(batch))) return;
    const plain = await this.runOnce(batch, false);
    if (plain === 'unit failed') await this.runOnce(batch, true);
  }

  /**
   * A batch of new guests alone, written without BEGIN and COMMIT where the repository can write
   * each invitation with statements that are whole by themselves (PostgreSQL: one statement for
   * the batch). It spares the batch two of its three round trips, and between them the wait for
   * this event loop to read each answer while it serves requests: PostgreSQL's backends were seen
   * idle in transaction, waiting for the COMMIT. False, with nothing written, where it cannot:
   * the batch then runs in a transaction as any other.
   */
  private async runGuestsAlone(batch: Job[]): Promise<boolean> {
    let outcomes: Settled<boolean>[] | undefined;
    try {
      outcomes = await reposFor(this.db).guestInvitations.insertManyIfNewAlone(batch.map((job) => job.guest as NewGuestInvitation));
    } catch {
      return false;
    }
    if (!outcomes) return false;
    outcomes.forEach((o, k) => (o.ok ? batch[k].resolve(o.value) : batch[k].reject(o.error)));
    return true;
  }

  /**
   * Runs the batch in one transaction and settles every unit, except when `savepoints` is off and
   * a unit fails: then nothing is committed or settled and the caller reruns it with savepoints.
   */
  private async runOnce(batch: Job[], savepoints: boolean): Promise<'done' | 'unit failed'> {
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    let trx: Transaction;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (err) {
      for (const job of batch) job.reject(err);
      return 'done';
    }
    try {
      const guests = savepoints ? [] : batch.filter((job) => job.guest !== undefined);
      if (guests.length > 0) {
        let written: boolean[];
        try {
          written = await reposFor(trx).guestInvitations.insertManyIfNew(guests.map((job) => job.guest as NewGuestInvitation));
        } catch {
          await trx.rollback().execute();
          return 'unit failed';
        }
        guests.forEach((job, k) => settled.push({ job, ok: true, value: written[k] }));
      }
      for (const job of batch) {
        if (job.guest !== undefined && !savepoints) continue;
        if (savepoints) {
          settled.push({ job, ...(await this.runInSavepoint(trx, job)) });
          continue;
        }
        try {
          settled.push({ job, ok: true, value: await job.work(reposFor(trx)) });
        } catch {
          await trx.rollback().execute();
          return 'unit failed';
        }
      }
      await trx.commit().execute();
    } catch (err) {
      // The transaction itself failed (connection lost, disk full): nothing of the batch was written.
      await trx.rollback().execute().catch(() => undefined);
      for (const job of batch) job.reject(err);
      return 'done';
    }
    for (const s of settled) (s.ok ? s.job.resolve : s.job.reject)(s.value);
    return 'done';
  }

  private async runInSavepoint(trx: Transaction, job: Job): Promise<{ ok: boolean; value: unknown }> {
    for (let attempt = 0; ; attempt++) {
      // Plain statements rather than Kysely's savepoint API, which builds two transaction objects per unit.
      await trx.executeQuery(SAVEPOINT);
      try {
        const value = await job.work(reposFor(trx));
        await trx.executeQuery(RELEASE);
        return { ok: true, value };
      } catch (err) {
        await trx.executeQuery(ROLLBACK_TO);
        await trx.executeQuery(RELEASE);
        // Another process won a race on a unique key: run once more so the unit finds its row.
        if (err instanceof UniqueViolation && attempt === 0) continue;
        return { ok: false, value: err };
      }
    }
  }
}
