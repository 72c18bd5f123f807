import { run } from './cli/program.js';

/** Process entry: everything happens in `run`, which returns the exit code. */
process.exitCode = await run(process.argv);
