import type { Command } from 'commander';
import type { Io } from '../io.js';
import { cmdletHelp } from './cmdlet-help.js';
import { cmdlets } from './registry.js';
import { allParameters, runCmdlet } from './run-cmdlet.js';

/**
 * Lists the cmdlets in `portico --help` and serves `portico help <Cmdlet>`. Their arguments are
 * PowerShell's, not GNU options, so `run` hands them to runCmdlet before commander sees them; the
 * action here only runs if commander dispatches anyway.
 */
export function addCmdlets(program: Command, io: Io): void {
  for (const cmdlet of cmdlets) {
    program.command(cmdlet.name)
      .description(`${cmdlet.synopsis} (Graph PowerShell)`)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[parameters...]')
      .configureHelp({ formatHelp: () => cmdletHelp(cmdlet, allParameters(cmdlet)) })
      .action((args: string[]) => runCmdlet(cmdlet, args, io));
  }
}
