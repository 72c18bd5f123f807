/**
 * The From header and Message-ID of Portico's mail. Entra sends from one service address with the
 * tenant's name in the display name ("Microsoft invitations on behalf of Contoso", graph-spec §5.1);
 * a `--mail-from` with its own display name is used as given.
 */
export class Sender {
  private readonly address: string;
  private readonly fixed: string | null;

  constructor(mailFrom: string | null, publicUrl: string) {
    const named = mailFrom === null ? null : /^(.*)<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom.trim());
    this.address = named ? named[2] : (mailFrom?.trim() || `invites@${new URL(publicUrl).hostname}`);
    this.fixed = named && named[1].trim() ? named[0].trim() : null;
  }

  from(organizationName: string): string {
    if (this.fixed) return this.fixed;
    const name = [...`Invitations on behalf of ${organizationName}`].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join('');
    return `"${name.replace(/["\\]/g, '\\$&')}" <${this.address}>`;
  }

  /** RFC 5322 §3.6.4: unique, here by the outbox row's id, and the same on every retry of it. */
  messageId(outboxId: string): string {
    return `<${outboxId}@${this.address.split('@')[1]}>`;
  }
}
