import type { StoredMail } from '../../../domain/ports.js';
import { escapeHtml as e, linkifiedText } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:960px;margin:0 auto;padding:16px}
.dev{background:#fff4ce;border:1px solid #c19c00;padding:12px 16px;margin:0 0 16px;border-radius:4px}
table{border-collapse:collapse;width:100%;background:#fff}td,th{text-align:left;padding:8px;border-bottom:1px solid #ddd;vertical-align:top}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;padding:12px}dt{color:#555}dd{margin:0;word-break:break-all}
iframe{width:100%;height:640px;border:1px solid #ccc;background:#fff}pre{white-space:pre-wrap;word-break:break-word;background:#fff;padding:12px;border:1px solid #ccc}
@media (max-width:600px){.when{display:none}}`;

const banner = `<p class="dev" role="note"><strong>Development mailbox.</strong> Portico was started without
<code>--smtp</code>, so mail is kept here instead of being sent. Anyone who can reach this server can read it.
Start Portico with <code>--smtp smtp://…</code> to deliver real mail; this page is then switched off.</p>`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} – Portico development mailbox</title><style>${STYLE}</style></head>
<body><main><h1>${e(title)}</h1>${banner}${body}</main></body></html>`;
}

export function mailboxListPage(mails: StoredMail[]): string {
  if (mails.length === 0) return page('Development mailbox', '<p>No mail yet. Invite someone with <code>sendInvitationMessage: true</code>.</p>');
  const rows = mails.map((m) => `<tr><td class="when">${e(m.createdDateTime)}</td><td>${e(m.to.join(', '))}</td>
<td><a href="/mailbox/${e(m.id)}">${e(m.subject || '(no subject)')}</a></td></tr>`).join('\n');
  return page('Development mailbox', `<table><thead><tr><th class="when">Received</th><th>To</th><th>Subject</th></tr></thead>
<tbody>${rows}</tbody></table>`);
}

export function mailPage(m: StoredMail): string {
  const field = (name: string, value: string | undefined) => (value ? `<dt>${name}</dt><dd>${e(value)}</dd>` : '');
  // The HTML part runs in a sandbox: no scripts, its own opaque origin; links open outside it.
  return page(m.subject || '(no subject)', `<p><a href="/mailbox">← All mail</a></p>
<dl>${field('From', m.from)}${field('To', m.to.join(', '))}${field('Cc', m.cc.join(', '))}${field('Reply-To', m.replyTo)}
${field('Subject', m.subject)}${field('Message-ID', m.messageId)}${field('Received', m.createdDateTime)}</dl>
<h2>HTML</h2><iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${e(m.html)}"></iframe>
<h2>Text</h2><pre>${linkifiedText(m.text)}</pre>`);
}

export function notFoundPage(): string {
  return page('Mail not found', '<p>There is no such mail in the development mailbox. <a href="/mailbox">All mail</a></p>');
}
