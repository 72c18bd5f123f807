#!/usr/bin/env node
// The `portico` command. Portico ships as TypeScript and runs through tsx: registering its loader
// in this process (rather than spawning the tsx CLI) keeps one process, so signals such as SIGTERM
// reach `portico serve` directly. The project's own tsconfig is named so that a tsconfig in the
// caller's working directory cannot change how Portico is compiled.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Startup time: every module imported after `register()` passes through tsx's loader thread, at a
// cost per file. The big plain-JavaScript ESM dependencies (kysely alone is ~260 files) are loaded
// before it, so that only Portico's own TypeScript pays; this makes every command about a second
// faster. Keeping the list current is optional: a module missing here only loads more slowly.
await Promise.all([import('kysely'), import('jose')]);

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/main.ts');
