import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { defaultLanguage, supportedLanguages, type SupportedLanguage } from '../../domain/i18n/languages.js';

/** Page templates, their per-language strings and the stylesheet: files a deployer can edit. */
export const defaultTemplatesDir = fileURLToPath(new URL('../../../templates/web/', import.meta.url));

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/**
 * Renders the web pages with Eta, escaping every interpolated value by default (`<%= %>`); only
 * the layout's already-rendered body is inserted raw. Strings are plain text with `{name}`
 * placeholders, filled before escaping, so a value can never become markup.
 */
export class WebPages {
  private constructor(
    private readonly eta: Eta,
    private readonly strings: ReadonlyMap<SupportedLanguage, Readonly<Record<string, string>>>,
    readonly stylesheet: string,
    readonly icon: string,
  ) {}

  static load(dir: string = defaultTemplatesDir): WebPages {
    const strings = new Map<SupportedLanguage, Record<string, string>>();
    for (const lang of supportedLanguages) {
      strings.set(lang, JSON.parse(readFileSync(join(dir, 'strings', `${lang}.json`), 'utf8')) as Record<string, string>);
    }
    return new WebPages(new Eta({ views: dir, autoEscape: true, cache: true }), strings,
      readFileSync(join(dir, 'portico.css'), 'utf8'), readFileSync(join(dir, 'favicon.svg'), 'utf8'));
  }

  translator(lang: SupportedLanguage): Translate {
    const own = this.strings.get(lang) ?? {};
    const fallback = this.strings.get(defaultLanguage) ?? {};
    return (key, vars = {}) => (own[key] ?? fallback[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  }

  render(template: string, lang: SupportedLanguage, data: Record<string, unknown>): string {
    return this.eta.render(template, { ...data, lang, t: this.translator(lang) });
  }
}
