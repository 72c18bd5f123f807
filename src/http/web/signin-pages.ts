import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { newNonce, pageHeaders } from './signin-security.js';

const views = fileURLToPath(new URL('../../../templates/web/signin/', import.meta.url));

// autoEscape: every `<%= %>` is HTML-escaped; nothing user-supplied is ever written raw.
const eta = new Eta({ views, autoEscape: true, cache: true });

export type PageName = 'sign-in' | 'consent' | 'admin-required' | 'device-code' | 'message' | 'form-post';

/** Renders a sign-in page with its CSP nonce; `formTargets` extend `form-action` (the app's redirect URI). */
export function sendPage(reply: FastifyReply, name: PageName, data: Record<string, unknown>, opts: { status?: number; formTargets?: string[] } = {}): FastifyReply {
  const nonce = newNonce();
  const html = eta.render(`./${name}`, { ...data, nonce });
  return pageHeaders(reply.code(opts.status ?? 200), nonce, opts.formTargets).send(html);
}
