/**
 * How PowerShell shows a value in a table or list: booleans as True/False, nothing for null,
 * collections as `{a, b}`, nested objects as `@{name=value; …}` (a PSCustomObject's rendering).
 */
export function psValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `{${value.map(psValue).join(', ')}}`;
  if (typeof value === 'object') {
    return `@{${Object.entries(value).filter(([k]) => !k.startsWith('@odata.')).map(([k, v]) => `${pascal(k)}=${psValue(v)}`).join('; ')}}`;
  }
  return String(value);
}

/** Graph's camelCase name as the PowerShell SDK's models spell it (`userPrincipalName` → `UserPrincipalName`). */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The property of a Graph object named as PowerShell allows: case-insensitively. */
export function propertyOf(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
