/**
 * The languages Portico's pages and mails ship in, and the fallback chain Entra uses for the
 * invitation experience (graph-spec §5.1): the invitation's messageLanguage, then the user's
 * preferredLanguage, then what the browser asks for, then en-US.
 */
export const supportedLanguages = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'pt-BR'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'en-US';

/** `de`, `DE-de`, `de-AT` -> de-DE: exact tag first, then the primary subtag (RFC 4647 §3.4 lookup). */
export function matchLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  const exact = supportedLanguages.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split('-')[0];
  return supportedLanguages.find((l) => l.slice(0, 2).toLowerCase() === primary);
}

/** The first candidate Portico speaks, else en-US. */
export function chooseLanguage(candidates: readonly (string | null | undefined)[]): Language {
  for (const c of candidates) {
    const m = matchLanguage(c);
    if (m) return m;
  }
  return defaultLanguage;
}
