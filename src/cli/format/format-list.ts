import { psValue, propertyOf } from './ps-value.js';

/**
 * PowerShell's Format-List: one `Name : Value` line per property, names padded to the longest so
 * the colons align, and a blank line between objects. `columns` are the names to print, exactly as
 * the user gave them in -Property.
 */
export function formatList(objects: Record<string, unknown>[], columns: string[]): string[] {
  const width = Math.max(0, ...columns.map((c) => c.length));
  const lines: string[] = [];
  objects.forEach((object, i) => {
    if (i > 0) lines.push('');
    for (const column of columns) lines.push(`${column.padEnd(width)} : ${psValue(propertyOf(object, column))}`.trimEnd());
  });
  return lines;
}
