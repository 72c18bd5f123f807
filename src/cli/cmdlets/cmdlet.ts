import type { GraphClient, GraphVersion } from '../graph/graph-client.js';
import type { Io } from '../io.js';
import type { Bound, ParameterDef } from '../powershell/parameter.js';

/** What a cmdlet hands back to be printed: Graph objects, or nothing (Remove-, Update-). */
export interface CmdletOutput {
  objects: Record<string, unknown>[];
  /** One object (printed as an object, not an array, by --format json). */
  single: boolean;
}

/**
 * One Graph PowerShell cmdlet: its PowerShell name and parameters, the Graph version it calls,
 * and what it does with a bound command line. Common parameters (-Profile, -Format, -FormatList,
 * -Property, -Headers) are added by the runner.
 */
export interface Cmdlet {
  name: string;
  synopsis: string;
  version: GraphVersion;
  params: ParameterDef[];
  /** Parameters the call cannot go without, checked before any request. */
  mandatory?: string[];
  /** PowerShell's default table columns for the output type. */
  tableColumns: string[];
  examples: string[];
  run(client: GraphClient, bound: Bound, call: { headers: Record<string, string>; io: Io }): Promise<CmdletOutput>;
}

export const none: CmdletOutput = { objects: [], single: false };
export const one = (json: unknown): CmdletOutput => ({ objects: [json as Record<string, unknown>], single: true });
