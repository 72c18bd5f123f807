import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveLanguage, matchLanguage } from '../../../src/domain/i18n/languages.js';
import { acceptedLanguages } from '../../../src/http/web/accept-language.js';

describe('page and mail languages', () => {
  it('matches a tag exactly, case-insensitively, or by its primary subtag', () => {
    const cases: [string | null, string | undefined][] = [
      ['de-DE', 'de-DE'], ['DE-de', 'de-DE'], ['de', 'de-DE'], ['de-AT', 'de-DE'], ['pt', 'pt-BR'], ['pt-PT', 'pt-BR'],
      ['ja', 'ja-JP'], ['en-GB', 'en-US'], ['sv-SE', undefined], ['', undefined], [null, undefined], ['x-klingon', undefined],
    ];
    for (const [tag, want] of cases) assert.equal(matchLanguage(tag), want, String(tag));
  });

  it('takes the first candidate it speaks, else en-US', () => {
    assert.equal(resolveLanguage(null, 'sv', 'fr-CA', 'de'), 'fr-FR');
    assert.equal(resolveLanguage(undefined, 'zz'), 'en-US');
    assert.equal(resolveLanguage(), 'en-US');
  });

  it('orders Accept-Language by quality, then by position, and drops q=0 and *', () => {
    const cases: [string | undefined, string[]][] = [
      ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5', ['fr-CH', 'fr', 'en', 'de']],
      ['en;q=0.1, ja', ['ja', 'en']],
      ['de;q=0, es', ['es']],
      ['', []],
      [undefined, []],
      ['garbage;;q=zz, pt-BR', ['garbage', 'pt-BR']],
    ];
    for (const [header, want] of cases) assert.deepEqual(acceptedLanguages(header), want, String(header));
  });
});

describe('the shipped page strings', () => {
  it('give every supported language every key of en-US, and every key the templates use', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { supportedLanguages } = await import('../../../src/domain/i18n/languages.js');
    const { defaultTemplatesDir } = await import('../../../src/http/web/web-pages.js');
    const load = (lang: string) => JSON.parse(readFileSync(join(defaultTemplatesDir, 'strings', `${lang}.json`), 'utf8')) as Record<string, string>;
    const english = Object.keys(load('en-US')).sort();
    for (const lang of supportedLanguages) assert.deepEqual(Object.keys(load(lang)).sort(), english, lang);
    const used = readdirSync(defaultTemplatesDir).filter((f) => f.endsWith('.eta'))
      .flatMap((f) => [...readFileSync(join(defaultTemplatesDir, f), 'utf8').matchAll(/it\.t\('(\w+)'/g)].map((m) => m[1]));
    for (const key of used) assert.ok(english.includes(key), `templates use '${key}'`);
  });
});
