// Lint rules, including the layer rule of DESIGN.md: imports point inward. domain/ knows nothing
// of HTTP, SQL or the CLI; storage/ implements domain ports; http/ never touches storage/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/odata/**/*.ts'],
    rules: restrict(['**/domain/**', '**/storage/**', '**/http/**', '**/cli/**', '**/outbox/**', '**/app.js', 'fastify', 'kysely', 'pg', 'better-sqlite3'], 'odata/ is a pure leaf: it depends on nothing.'),
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict(['**/storage/**', '**/http/**', '**/cli/**', '**/outbox/**', '**/app.js', 'fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3', 'commander'], 'domain/ is pure: no HTTP, SQL or CLI; talk to the outside through domain/ports.ts.'),
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: restrict(['**/http/**', '**/cli/**', '**/outbox/**', '**/app.js', 'fastify', '@fastify/*', 'commander'], 'storage/ implements domain ports and knows nothing of HTTP or the CLI.'),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: restrict(['**/storage/**', '**/cli/**', 'kysely', 'pg', 'better-sqlite3', 'commander'], 'http/ calls the domain; it never touches storage or SQL.'),
  },
  {
    files: ['src/outbox/**/*.ts'],
    rules: restrict(['**/storage/**', '**/http/**', '**/cli/**', 'kysely', 'pg', 'better-sqlite3'], 'outbox/ calls the domain and transports only.'),
  },
  {
    // The Graph cmdlets are plain Graph-over-HTTPS clients: they must work against Microsoft Graph itself.
    files: ['src/cli/graph/**/*.ts', 'src/cli/cmdlets/**/*.ts', 'src/cli/powershell/**/*.ts', 'src/cli/bulk/**/*.ts', 'src/cli/commands/login.ts', 'src/cli/commands/invite.ts', 'src/cli/commands/users.ts',
      'src/cli/format/graph-output.ts', 'src/cli/format/format-list.ts', 'src/cli/format/format-table.ts', 'src/cli/format/ps-value.ts'],
    rules: restrict(['**/domain/**', '**/storage/**', '**/http/**', '**/outbox/**', '**/app.js', '**/config/**', 'kysely', 'pg', 'better-sqlite3', 'fastify'], 'the Graph cmdlets speak Graph over HTTP only: no domain, storage or server code.'),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
