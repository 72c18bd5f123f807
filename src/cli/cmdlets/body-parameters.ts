import { BindingError } from '../powershell/parameter-binder.js';
import type { Literal } from '../powershell/literal-parser.js';
import type { Bound, ParameterDef } from '../powershell/parameter.js';
import { graphName, toGraphNames } from './graph-names.js';

/**
 * The request body of a create/update cmdlet. Either -BodyParameter (the whole object, a hashtable
 * or JSON) or the expanded parameters, each sent under its Graph name, plus -AdditionalProperties
 * merged in. The two forms are separate parameter sets in PowerShell, so mixing them is refused
 * with PowerShell's message.
 */
export function buildBody(bound: Bound, bodyParams: readonly ParameterDef[]): Record<string, unknown> {
  const expanded = bodyParams.filter((p) => bound.has(p.name));
  if (bound.has('BodyParameter')) {
    if (expanded.length > 0 || bound.has('AdditionalProperties')) {
      throw new BindingError(`Parameter set cannot be resolved using the specified named parameters: -BodyParameter cannot be combined with -${(expanded[0]?.name ?? 'AdditionalProperties')}.`);
    }
    return toGraphNames(bound.get('BodyParameter') as Literal) as Record<string, unknown>;
  }
  const body: Record<string, unknown> = {};
  for (const p of expanded) {
    const value = bound.get(p.name);
    body[graphName(p.name)] = p.type === 'hashtable' || p.type === 'hashtable[]' ? toGraphNames(value as Literal) : value;
  }
  const extra = bound.get('AdditionalProperties') as Record<string, Literal> | undefined;
  // Additional properties go as written: they are for what the typed model does not know.
  return extra ? { ...body, ...extra } : body;
}

export const bodyParameter = (type: string): ParameterDef => ({
  name: 'BodyParameter', type: 'hashtable', description: `the whole ${type} as a hashtable (@{…}) or JSON, instead of the other parameters`,
});
export const additionalProperties: ParameterDef = {
  name: 'AdditionalProperties', type: 'hashtable', description: 'more properties to send, as written (@{…} or JSON)',
};
