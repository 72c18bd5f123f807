import type { ParameterDef } from '../powershell/parameter.js';
import type { Cmdlet } from './cmdlet.js';

const typeLabel: Record<ParameterDef['type'], string> = {
  string: '<String>', 'string[]': '<String[]>', int: '<Int32>', switch: '', hashtable: '<Hashtable>', 'hashtable[]': '<Hashtable[]>',
};

/** `portico <Cmdlet> -?`: every parameter with its type and meaning, then examples. */
export function cmdletHelp(cmdlet: Cmdlet, params: readonly ParameterDef[]): string {
  const signature = (p: ParameterDef) => `-${p.name}${typeLabel[p.type] ? ` ${typeLabel[p.type]}` : ''}`;
  const width = Math.max(...params.map((p) => signature(p).length));
  const lines = [
    `Usage: portico ${cmdlet.name} [-Parameter value]...`,
    '',
    `${cmdlet.synopsis} (as the Microsoft Graph PowerShell cmdlet ${cmdlet.name}).`,
    'Parameter names are case-insensitive and may be shortened to any unique prefix; --name works too.',
    'Hashtable values take PowerShell\'s literal form (@{Key="value"; List=@(1, 2)}) or JSON.',
    '',
    'Parameters:',
    ...params.map((p) => {
      const extra = [p.aliases?.length ? `alias: -${p.aliases.join(', -')}` : '', p.values ? `one of: ${p.values.join(', ')}` : ''].filter(Boolean).join('; ');
      const mandatory = cmdlet.mandatory?.includes(p.name) ? ' (required)' : '';
      return `  ${signature(p).padEnd(width)}  ${p.description}${mandatory}${extra ? ` (${extra})` : ''}`;
    }),
    '',
    `Example${cmdlet.examples.length > 1 ? 's' : ''}:`,
    ...cmdlet.examples.map((e) => `  $ ${e}`),
  ];
  return `${lines.join('\n')}\n`;
}
