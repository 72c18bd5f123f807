import { run } from './cli/program.js';

// Output piped into a reader that stops early (`portico users | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });

/** Process entry: everything happens in `run`, which returns the exit code. */
process.exitCode = await run(process.argv);
