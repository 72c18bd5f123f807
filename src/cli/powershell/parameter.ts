import type { Literal } from './literal-parser.js';

/**
 * The kinds of cmdlet parameter the CLI binds, after PowerShell's: a `switch` is present or not
 * (`-Name:$false` sets it off), `string[]` takes `a,b,c`, `hashtable` takes a PowerShell literal
 * (`@{…}`) or JSON and `hashtable[]` an array of them.
 */
export type ParameterType = 'string' | 'string[]' | 'int' | 'switch' | 'hashtable' | 'hashtable[]';

export interface ParameterDef {
  /** As PowerShell spells it, e.g. `InvitedUserEmailAddress`. */
  name: string;
  type: ParameterType;
  description: string;
  /** Other names PowerShell accepts (`-Select` for `-Property`). */
  aliases?: string[];
  /** Allowed values of a string, matched case-insensitively and bound in this spelling. */
  values?: string[];
}

export type BoundValue = string | string[] | number | boolean | Literal;

/** Bound parameters by their canonical name. */
export type Bound = Map<string, BoundValue>;

export const str = (b: Bound, name: string): string | undefined => b.get(name) as string | undefined;
export const strs = (b: Bound, name: string): string[] | undefined => b.get(name) as string[] | undefined;
export const int = (b: Bound, name: string): number | undefined => b.get(name) as number | undefined;
export const flag = (b: Bound, name: string): boolean | undefined => b.get(name) as boolean | undefined;
