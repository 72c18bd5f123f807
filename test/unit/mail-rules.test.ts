import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchLanguage, resolveLanguage } from '../../src/domain/i18n/languages.js';
import { classifySmtpError } from '../../src/outbox/mail-delivery-error.js';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from '../../src/outbox/retry-schedule.js';
import { Sender } from '../../src/outbox/sender.js';

describe('languages', () => {
  const cases: [string | null, string | undefined][] = [
    ['en-US', 'en-US'], ['DE-de', 'de-DE'], ['de', 'de-DE'], ['de-AT', 'de-DE'], ['pt-PT', 'pt-BR'], ['ja', 'ja-JP'],
    ['es-MX', 'es-ES'], ['fr-CA', 'fr-FR'], ['xx-YY', undefined], ['tlh', undefined], ['english please', undefined], ['', undefined], [null, undefined],
  ];
  for (const [tag, expected] of cases) it(`${JSON.stringify(tag)} -> ${expected}`, () => assert.equal(matchLanguage(tag), expected));

  it('falls back: messageLanguage, preferredLanguage, tenant, en-US', () => {
    assert.equal(resolveLanguage('fr-FR', 'de-DE', 'ja-JP'), 'fr-FR');
    assert.equal(resolveLanguage(null, 'de-DE', 'ja-JP'), 'de-DE');
    assert.equal(resolveLanguage(null, 'zz', 'ja-JP'), 'ja-JP', 'an unsupported preferredLanguage is skipped');
    assert.equal(resolveLanguage(null, null, null), 'en-US');
  });
});

describe('retry schedule', () => {
  it('doubles from the base, keeps at least half, caps at an hour', () => {
    assert.equal(retryDelayMs(1000, 1, () => 0), 500);
    assert.equal(retryDelayMs(1000, 1, () => 1), 1000);
    assert.equal(retryDelayMs(1000, 4, () => 1), 8000);
    assert.equal(retryDelayMs(1000, 60, () => 1), MAX_RETRY_DELAY_MS);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(30_000, 3);
      assert.ok(d >= 60_000 && d <= 120_000, String(d));
    }
  });
});

describe('SMTP failures', () => {
  const cases: [string, unknown, boolean, string | null][] = [
    ['4xx reply', { responseCode: 451, response: '451 4.3.0 try later' }, false, '451 4.3.0 try later'],
    ['5xx reply', { responseCode: 550, response: '550 5.1.1 no such user\r\nmore' }, true, '550 5.1.1 no such user'],
    ['connection refused', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, false, null],
    ['timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, false, null],
    ['no recipients', { code: 'EENVELOPE', message: 'No recipients defined' }, true, null],
    ['not an object', 'boom', false, null],
  ];
  for (const [name, err, permanent, reply] of cases) {
    it(name, () => {
      const e = classifySmtpError(err);
      assert.equal(e.permanent, permanent);
      assert.equal(e.reply, reply);
    });
  }
});

describe('sender', () => {
  it('names the tenant unless --mail-from has a display name; the Message-ID is stable per row', () => {
    const plain = new Sender(null, 'https://portico.example:8443');
    assert.equal(plain.from('Contoso "Ltd"'), '"Invitations on behalf of Contoso \\"Ltd\\"" <invites@portico.example>');
    assert.equal(plain.from('Evil\r\nBcc: x@y'), '"Invitations on behalf of Evil  Bcc: x@y" <invites@portico.example>');
    assert.equal(plain.messageId('abc'), '<abc@portico.example>');
    const named = new Sender('Contoso Invites <invites@contoso.com>', 'https://portico.example');
    assert.equal(named.from('Anything'), 'Contoso Invites <invites@contoso.com>');
    assert.equal(named.messageId('abc'), '<abc@contoso.com>');
    assert.equal(new Sender('noreply@contoso.com', 'https://x.example').from('C'), '"Invitations on behalf of C" <noreply@contoso.com>');
  });
});
