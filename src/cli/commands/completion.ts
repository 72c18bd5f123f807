import type { Command } from 'commander';
import { examples } from '../admin-options.js';
import { cmdlets } from '../cmdlets/registry.js';
import { allParameters } from '../cmdlets/run-cmdlet.js';
import type { Io } from '../io.js';

/** Completion words by command path (lower-case): `''` for the top level, `tenant`, `tenant create`. */
function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const walk = (command: Command, path: string) => {
    const subs = command.commands.filter((c) => !cmdlets.some((m) => m.name === c.name()));
    const options = command.options.map((o) => o.long ?? o.short ?? '').filter(Boolean);
    table.set(path, [...subs.map((c) => c.name()), ...options, '--help']);
    for (const sub of subs) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, '');
  table.get('')?.push(...cmdlets.map((c) => c.name));
  for (const cmdlet of cmdlets) table.set(cmdlet.name.toLowerCase(), allParameters(cmdlet).map((p) => `-${p.name}`));
  return table;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(table: Map<string, string[]>): string {
  const entries = [...table].map(([k, v]) => `  [${quote(k || '_')}]=${quote(v.join(' '))}`).join('\n');
  return `# portico completion for bash: eval "$(portico completion bash)" (e.g. in ~/.bashrc)
declare -gA _portico_words=(
${entries}
)
_portico() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" key="_" i next
  for (( i = 1; i < COMP_CWORD; i++ )); do
    next="\${COMP_WORDS[i],,}"
    [[ $key == _ ]] && next_key="$next" || next_key="$key $next"
    [[ -n "\${_portico_words[$next_key]+x}" ]] && key="$next_key"
  done
  COMPREPLY=( $(compgen -W "\${_portico_words[$key]}" -- "$cur") )
}
complete -o default -F _portico portico
`;
}

function zsh(table: Map<string, string[]>): string {
  const entries = [...table].map(([k, v]) => `  ${quote(k || '_')} ${quote(v.join(' '))}`).join('\n');
  return `#compdef portico
# portico completion for zsh: eval "$(portico completion zsh)" (e.g. in ~/.zshrc, after compinit)
typeset -gA _portico_words
_portico_words=(
${entries}
)
_portico() {
  local key=_ i next next_key
  for (( i = 2; i < CURRENT; i++ )); do
    next="\${(L)words[i]}"
    if [[ $key == _ ]]; then next_key="$next"; else next_key="$key $next"; fi
    (( \${+_portico_words[$next_key]} )) && key="$next_key"
  done
  compadd -- \${=_portico_words[$key]}
}
compdef _portico portico
`;
}

/** `portico completion bash|zsh`: prints a script that completes commands, cmdlets and options. */
export function addCompletion(program: Command, io: Io): void {
  const command = program.command('completion')
    .description('print a shell completion script for bash or zsh')
    .argument('<shell>', 'bash or zsh');
  command.addHelpText('after', examples('eval "$(portico completion bash)"', 'eval "$(portico completion zsh)"'));
  command.action((shell: string) => {
    const table = completionTable(program);
    if (shell === 'bash') io.out(bash(table).trimEnd());
    else if (shell === 'zsh') io.out(zsh(table).trimEnd());
    else throw new Error(`no completion for '${shell}': use bash or zsh`);
  });
}
