/**
 * Where the CLI writes. Commands print through this rather than `console` so the program can be
 * driven in-process (and its output captured) as easily as from a terminal.
 */
export interface Io {
  /** Writes one line (a newline is added) to standard output. */
  out(line: string): void;
  /** Writes one line (a newline is added) to standard error. */
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/**
 * Prints a command's result: with `--json` exactly one JSON object (for scripts and `jq`),
 * otherwise the human lines.
 */
export function printResult(io: Io, json: boolean | undefined, value: object, human: () => string[]): void {
  if (json) {
    io.out(JSON.stringify(value, null, 2));
    return;
  }
  for (const line of human()) io.out(line);
}
