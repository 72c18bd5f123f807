import { psValue, propertyOf } from './ps-value.js';

/**
 * PowerShell's Format-Table: a header row, a row of dashes under each header, then one row per
 * object; columns one space apart and as wide as their widest cell; the last column unpadded.
 */
export function formatTable(objects: Record<string, unknown>[], columns: string[]): string[] {
  const rows = objects.map((o) => columns.map((c) => psValue(propertyOf(o, c)).replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join(' ').trimEnd();
  return [line(columns), line(columns.map((c) => '-'.repeat(c.length))), ...rows.map(line)];
}
