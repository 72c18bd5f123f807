import { LiteralSyntaxError } from './literal-errors.js';
import { parseLiteral, type Literal } from './literal-parser.js';
import type { Bound, BoundValue, ParameterDef } from './parameter.js';

/** A command line that does not bind; the messages follow PowerShell's own wording. */
export class BindingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindingError';
  }
}

const TRUE = new Set(['$true', 'true', '1']);
const FALSE = new Set(['$false', 'false', '0']);

/**
 * Binds `args` to `params` the way PowerShell binds named parameters (about_Parameters):
 * `-Name value`, `-Name:value`, `-Switch`, `-Switch:$true|$false`; names case-insensitive and
 * shortened to any unique prefix; `--name` is accepted as well for people used to GNU options.
 * A parameter that takes a value takes the next argument whatever it looks like, so values may
 * begin with `-`.
 */
export function bindParameters(args: readonly string[], params: readonly ParameterDef[]): Bound {
  const bound: Bound = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--?([A-Za-z][\w-]*)(?::(.*))?$/s.exec(arg);
    if (!m) throw new BindingError(`A positional parameter cannot be found that accepts argument '${arg}'.`);
    const def = resolveName(m[1], params);
    if (bound.has(def.name)) throw new BindingError(`Cannot bind parameter because parameter '${def.name}' is specified more than once.`);
    const attached = m[2];
    if (def.type === 'switch') {
      bound.set(def.name, switchValue(def, attached));
      continue;
    }
    let raw = attached;
    if (raw === undefined || raw === '') {
      if (raw === '' || i + 1 >= args.length) throw new BindingError(`Missing an argument for parameter '${def.name}'. Specify a parameter of type '${typeName(def)}' and try again.`);
      raw = args[++i];
    }
    bound.set(def.name, convert(def, raw));
  }
  return bound;
}

/** Exact name or alias first, then a unique prefix of the names and aliases. */
export function resolveName(given: string, params: readonly ParameterDef[]): ParameterDef {
  const lower = given.toLowerCase();
  const names = (p: ParameterDef) => [p.name, ...(p.aliases ?? [])].map((n) => n.toLowerCase());
  const exact = params.find((p) => names(p).includes(lower));
  if (exact) return exact;
  const matches = params.filter((p) => names(p).some((n) => n.startsWith(lower)));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new BindingError(`Parameter cannot be processed because the parameter name '${given}' is ambiguous. Possible matches include: ${matches.map((p) => `-${p.name}`).join(' ')}.`);
  }
  throw new BindingError(`A parameter cannot be found that matches parameter name '${given}'.`);
}

function switchValue(def: ParameterDef, attached: string | undefined): boolean {
  if (attached === undefined) return true;
  const v = attached.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  if (v === '' || v === '$') {
    // `-Switch:$true` typed unquoted in bash or zsh loses `$true` to variable expansion.
    throw new BindingError(`Missing the value after '-${def.name}:'. Your shell may have expanded $true or $false: quote the argument ('-${def.name}:$true') or write -${def.name}:true.`);
  }
  throw new BindingError(`Cannot convert '${attached}' to the type 'System.Management.Automation.SwitchParameter' required by parameter '${def.name}'. Use $true or $false.`);
}

function convert(def: ParameterDef, raw: string): BoundValue {
  switch (def.type) {
    case 'string':
      return def.values ? oneOf(def, raw) : raw;
    case 'string[]':
      return splitList(raw);
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw.trim())) throw new BindingError(`Cannot process argument transformation on parameter '${def.name}'. Cannot convert value "${raw}" to type "System.Int32".`);
      return Number.parseInt(raw, 10);
    }
    case 'hashtable':
      return literal(def, raw, false);
    case 'hashtable[]':
      return literal(def, raw, true);
    default:
      return raw;
  }
}

function oneOf(def: ParameterDef, raw: string): string {
  const hit = def.values?.find((v) => v.toLowerCase() === raw.toLowerCase());
  if (!hit) throw new BindingError(`Cannot validate argument on parameter '${def.name}'. The argument "${raw}" does not belong to the set "${def.values?.join(',')}".`);
  return hit;
}

/** PowerShell's `a,b,c` array syntax, or an `@( )` literal of strings. */
function splitList(raw: string): string[] {
  if (raw.trim().startsWith('@(')) {
    const v = parseLiteral(raw);
    return (Array.isArray(v) ? v : [v]).map(String);
  }
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function literal(def: ParameterDef, raw: string, many: boolean): Literal {
  let value: Literal;
  try {
    value = parseLiteral(raw);
  } catch (err) {
    if (err instanceof LiteralSyntaxError) throw new BindingError(`Cannot bind parameter '${def.name}': ${err.message}.`);
    throw err;
  }
  const isTable = (v: Literal) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (many) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every(isTable)) throw new BindingError(`Cannot bind parameter '${def.name}': expected hashtables such as @(@{Id="…"}) or a JSON array of objects.`);
    return list;
  }
  if (!isTable(value)) throw new BindingError(`Cannot bind parameter '${def.name}': expected a hashtable such as @{Name="value"} or a JSON object.`);
  return value;
}

function typeName(def: ParameterDef): string {
  return { string: 'System.String', 'string[]': 'System.String[]', int: 'System.Int32', switch: 'switch', hashtable: 'System.Collections.Hashtable', 'hashtable[]': 'System.Collections.Hashtable[]' }[def.type];
}
