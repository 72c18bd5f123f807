import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../app.js';
import { mailboxListPage, mailPage, notFoundPage } from './mailbox-pages.js';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_LIMIT = 200;

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status)
    .header('content-type', 'text/html; charset=utf-8')
    // Inline styles only, no scripts anywhere (the mail's HTML inherits this policy in its frame).
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'")
    .header('x-content-type-options', 'nosniff')
    // The mails hold redemption links with live tickets: keep them out of caches and Referer headers.
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}

/** `/mailbox`: the development mailbox, registered only when no `--smtp` is configured. */
export function mailboxRoutes(app: FastifyInstance, services: Services): void {
  app.get('/mailbox', async (_request, reply) => sendPage(reply, 200, mailboxListPage(await services.store.devMailbox.list(LIST_LIMIT))));
  app.get<{ Params: { id: string } }>('/mailbox/:id', async (request, reply) => {
    const mail = ID.test(request.params.id) ? await services.store.devMailbox.findById(request.params.id.toLowerCase()) : undefined;
    return mail ? sendPage(reply, 200, mailPage(mail)) : sendPage(reply, 404, notFoundPage());
  });
}
