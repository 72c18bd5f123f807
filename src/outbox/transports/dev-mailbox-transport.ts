import type { Clock } from '../../domain/clock.js';
import type { MailTransport, Store } from '../../domain/ports.js';
import { newId } from '../../domain/random.js';

/**
 * The development mailbox, the default when no `--smtp` is set: every mail sent through the port
 * (invitations through the outbox, passcodes sent directly) is kept in the database and shown at
 * `/mailbox`, so a newcomer can invite, read the mail and accept without any mail server.
 */
export function devMailboxTransport(store: Store, clock: Clock): MailTransport {
  return {
    async send(mail) {
      const id = newId();
      await store.transact((r) => r.devMailbox.insert({ ...mail, id, createdDateTime: clock.now().toISOString() }));
      return { response: `250 kept in the development mailbox as ${id}` };
    },
    async close() {},
  };
}
