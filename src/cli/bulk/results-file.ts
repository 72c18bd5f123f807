import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type ResultStatus = 'invited' | 'failed' | 'invalid' | 'pending';

export interface ResultLine {
  row: number;
  address: string;
  status: ResultStatus;
  userId: string;
  redeemUrl: string;
  error: string;
}

const HEADER: (keyof ResultLine)[] = ['row', 'address', 'status', 'userId', 'redeemUrl', 'error'];
const line = (r: ResultLine) => stringify([HEADER.map((h) => String(r[h]))]);

/**
 * The results CSV of a bulk invite, one line per row of the input. It is also the run's journal:
 * a `pending` line is appended before each invitation is sent and the outcome after it, each
 * written straight through, so a run that is killed can be resumed: rows whose last line is
 * `invited` are skipped, and `pending` ones are checked against the directory before sending again.
 */
export class ResultsFile {
  private readonly latest = new Map<number, ResultLine>();
  /** Open for appending during a run: one write(2) per line, straight to the kernel. */
  private fd: number | undefined;

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    const records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
    for (const r of records) {
      const row = Number(r.row);
      if (!Number.isInteger(row)) continue;
      this.latest.set(row, { row, address: r.address ?? '', status: (r.status ?? '') as ResultStatus, userId: r.userId ?? '', redeemUrl: r.redeemUrl ?? '', error: r.error ?? '' });
    }
  }

  /** The earlier run's outcome of the row, if any. */
  previous(row: number): ResultLine | undefined {
    return this.latest.get(row);
  }

  /** Starts this run's journal: the rows already invited are kept, everything else is redone. */
  begin(): void {
    const kept = [...this.latest.values()].filter((r) => r.status === 'invited');
    this.rewrite(kept);
    this.fd = openSync(this.path, 'a');
  }

  append(result: ResultLine): void {
    this.latest.set(result.row, result);
    if (this.fd === undefined) throw new Error('the results file is not open: call begin() first');
    writeSync(this.fd, line(result));
  }

  /** Ends the run: one line per row, in row order. */
  finish(): ResultLine[] {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const all = [...this.latest.values()].sort((a, b) => a.row - b.row);
    this.rewrite(all);
    return all;
  }

  private rewrite(lines: ResultLine[]): void {
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, stringify([HEADER]) + lines.map(line).join(''));
    renameSync(temp, this.path);
  }
}
