import { UniqueViolation } from '../domain/ports.js';

/**
 * Turns a driver's unique-key error into the domain's UniqueViolation, naming the index so callers
 * can tell "address already invited" from other clashes. SQLite names columns, PostgreSQL the index.
 */
export function asUniqueViolation(err: unknown): UniqueViolation | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505' && typeof e.constraint === 'string') return new UniqueViolation(e.constraint);
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && typeof e.message === 'string') {
    const m = /UNIQUE constraint failed: (\w+)\.[\w, .]*?(\w+)$/.exec(e.message);
    if (m) return new UniqueViolation(sqliteIndexName(m[1], e.message));
    if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new UniqueViolation('primary key');
  }
  return undefined;
}

function sqliteIndexName(table: string, message: string): string {
  if (table === 'users' && message.includes('invited_address_key')) return 'users_invited_address_key';
  if (table === 'users' && message.includes('upn_lower')) return 'users_upn_key';
  if (table === 'tenant_domains') return 'tenant_domains_name_key';
  return `${table}_key`;
}

export async function mapUnique<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw asUniqueViolation(err) ?? err;
  }
}
