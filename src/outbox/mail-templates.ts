import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { SupportedLanguage } from '../domain/i18n/languages.js';
import type { InvitationMailView } from '../domain/mail/invitation-mail.js';

export const builtInTemplates = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Strings = Record<string, string>;
type Compiled = ReturnType<Eta['compile']>;

/**
 * The mail templates: Eta files a deployer can override (`--templates <dir>`, laid out like the
 * built-in `templates/` folder). A file is looked up as `mail/<lang>/<file>`, then `mail/<file>`,
 * first in the deployer's folder, then in the built-in one; `strings.json` of a language is laid
 * over the built-in one and over en-US, so a partial translation still renders. HTML output escapes
 * every value (autoEscape); the text part is plain text and is not escaped.
 */
export class MailTemplates {
  private readonly html = new Eta({ autoEscape: true, cache: false });
  // Plain text keeps every newline of its template: nothing is trimmed around tags.
  private readonly text = new Eta({ autoEscape: false, autoTrim: false, cache: false });
  private readonly compiled = new Map<string, Compiled>();
  private readonly strings = new Map<string, Strings>();

  constructor(private readonly customDir: string | null) {}

  renderInvitation(view: InvitationMailView): RenderedMail {
    const fill = (s: string) => s
      .replaceAll('{inviter}', view.inviterName)
      .replaceAll('{organization}', view.organizationName)
      .replaceAll('{recipient}', view.recipientAddress);
    const raw = this.stringsFor(view.language);
    const t: Strings = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, fill(v)]));
    const data = { v: view, t, messageLines: view.message === null ? [] : view.message.split(/\r\n|\r|\n/) };
    return {
      // A header never carries a line break, whatever a name contains.
      subject: t.subject.replace(/[\r\n]+/g, ' '),
      html: this.html.render(this.template(view.language, 'invitation.html.eta', this.html), data),
      text: this.text.render(this.template(view.language, 'invitation.txt.eta', this.text), data),
    };
  }

  private template(language: SupportedLanguage, file: string, engine: Eta): Compiled {
    const key = `${language}/${file}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const path = this.candidates(language, file).find((p) => existsSync(p));
      if (!path) throw new Error(`mail template ${file} not found`);
      fn = engine.compile(readFileSync(path, 'utf8'));
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private stringsFor(language: SupportedLanguage): Strings {
    let s = this.strings.get(language);
    if (!s) {
      const layers = [...new Set(['en-US', language])].flatMap((l) => [join(builtInTemplates, 'mail', l, 'strings.json'),
        ...(this.customDir ? [join(this.customDir, 'mail', l, 'strings.json')] : [])]);
      s = Object.assign({}, ...layers.filter((p) => existsSync(p)).map((p) => JSON.parse(readFileSync(p, 'utf8')) as Strings)) as Strings;
      this.strings.set(language, s);
    }
    return s;
  }

  private candidates(language: string, file: string): string[] {
    const roots = [...(this.customDir ? [this.customDir] : []), builtInTemplates];
    return roots.flatMap((r) => [join(r, 'mail', language, file), join(r, 'mail', file)]);
  }
}
