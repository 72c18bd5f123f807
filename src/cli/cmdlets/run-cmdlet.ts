import { renderObjects, type OutputFormat } from '../format/graph-output.js';
import { connect } from '../graph/connect.js';
import type { Io } from '../io.js';
import { BindingError, bindParameters } from '../powershell/parameter-binder.js';
import { str, strs, type ParameterDef } from '../powershell/parameter.js';
import type { Cmdlet } from './cmdlet.js';
import { cmdletHelp } from './cmdlet-help.js';
import { commonParameters, propertyParameter } from './common-parameters.js';

const HELP = new Set(['-?', '-h', '--help', '-help']);

/** The cmdlet's parameters and the common ones (-Property only where the cmdlet has none). */
export function allParameters(cmdlet: Cmdlet): ParameterDef[] {
  const own = cmdlet.params;
  const hasProperty = own.some((p) => p.name === 'Property');
  return [...own, ...commonParameters, ...(hasProperty ? [] : [propertyParameter])];
}

/** Runs `portico <Cmdlet> args…`: binds the arguments, calls Graph, prints the result. */
export async function runCmdlet(cmdlet: Cmdlet, args: readonly string[], io: Io): Promise<void> {
  const params = allParameters(cmdlet);
  if (args.some((a) => HELP.has(a.toLowerCase()))) {
    io.out(cmdletHelp(cmdlet, params).replace(/\n$/, ''));
    return;
  }
  const bound = bindParameters(args, params);
  const missing = (cmdlet.mandatory ?? []).filter((m) => !bound.has(m));
  if (missing.length > 0) throw new BindingError(`Cannot process command because of one or more missing mandatory parameters: ${missing.join(' ')}.`);
  const format: OutputFormat = bound.get('FormatList') === true ? 'list' : (str(bound, 'Format') as OutputFormat | undefined) ?? 'table';
  const headers = Object.fromEntries(Object.entries((bound.get('Headers') ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const client = connect(str(bound, 'Profile'), cmdlet.version);
  const output = await cmdlet.run(client, bound, { headers, io });
  if (output.objects.length === 0 && !output.single) {
    if (format === 'json' && cmdlet.name.startsWith('Get-')) io.out('[]');
    return;
  }
  const lines = renderObjects(output.objects, { format, properties: strs(bound, 'Property'), tableColumns: cmdlet.tableColumns }, output.single);
  for (const line of lines) io.out(line);
}
