/**
 * The languages Portico's invitee-facing text (invitation mail, redemption pages) ships in, and
 * Entra's fallback chain for choosing one (graph-spec §5.1): the invitation's `messageLanguage`,
 * then the guest's `preferredLanguage`, then the inviting tenant's language, then en-US.
 */
export const supportedLanguages = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'pt-BR'] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];
export const defaultLanguage: SupportedLanguage = 'en-US';

/** RFC 5646 shape: a 2-3 letter primary subtag, then subtags of 1-8 letters or digits. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

export const isLanguageTag = (tag: string): boolean => LANGUAGE_TAG.test(tag);

/**
 * The shipped language a tag asks for: the same tag in any letter case (`DE-de`), or else a
 * shipped language with the same primary subtag (`de`, `de-AT` -> de-DE; `pt-PT` -> pt-BR).
 * Undefined when nothing fits.
 */
export function matchLanguage(tag: string | null | undefined): SupportedLanguage | undefined {
  if (!tag || !isLanguageTag(tag)) return undefined;
  const lower = tag.toLowerCase();
  const exact = supportedLanguages.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const primary = lower.split('-')[0];
  return supportedLanguages.find((l) => l.toLowerCase().split('-')[0] === primary);
}

/** The first candidate that matches a shipped language, else en-US. */
export function resolveLanguage(...candidates: (string | null | undefined)[]): SupportedLanguage {
  for (const c of candidates) {
    const match = matchLanguage(c);
    if (match) return match;
  }
  return defaultLanguage;
}
