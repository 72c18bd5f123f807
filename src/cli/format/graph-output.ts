import { stringify } from 'csv-stringify/sync';
import { formatList } from './format-list.js';
import { formatTable } from './format-table.js';
import { pascal, propertyOf, psValue } from './ps-value.js';

export type OutputFormat = 'table' | 'list' | 'json' | 'csv';
export const outputFormats: OutputFormat[] = ['table', 'list', 'json', 'csv'];

export interface OutputChoice {
  format: OutputFormat;
  /** -Property: the columns to show, spelled as given; otherwise the cmdlet's defaults. */
  properties?: string[];
  /** The cmdlet's default table columns (PowerShell's default view). */
  tableColumns: string[];
}

/** Graph objects without their `@odata.*` annotations. */
function plain(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !k.startsWith('@odata.')));
}

/** Every property name, in first-seen order, spelled as PowerShell's models do. */
function allColumns(objects: Record<string, unknown>[]): string[] {
  const seen = new Map<string, string>();
  for (const o of objects) for (const k of Object.keys(o)) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), pascal(k));
  return [...seen.values()];
}

/**
 * Renders Graph objects the way the cmdlets' output looks through Format-Table (default),
 * Format-List, ConvertTo-Json or Export-Csv. `single` prints JSON as one object, not an array.
 */
export function renderObjects(objects: Record<string, unknown>[], choice: OutputChoice, single: boolean): string[] {
  const rows = objects.map(plain);
  switch (choice.format) {
    case 'json': {
      const picked = choice.properties ? rows.map((o) => Object.fromEntries(choice.properties!.map((p) => [p, propertyOf(o, p) ?? null]))) : rows;
      return [JSON.stringify(single ? picked[0] ?? null : picked, null, 2)];
    }
    case 'csv': {
      const columns = choice.properties ?? allColumns(rows);
      const cell = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : psValue(v));
      return [stringify([columns, ...rows.map((o) => columns.map((c) => cell(propertyOf(o, c))))]).replace(/\n$/, '')];
    }
    case 'list':
      if (rows.length === 0) return [];
      return formatList(rows, choice.properties ?? allColumns(rows));
    default:
      if (rows.length === 0) return [];
      return formatTable(rows, choice.properties ?? choice.tableColumns);
  }
}
