const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => entities[c]);

/** Escaped text with its http(s) URLs made into links (the text part of a mail). */
export function linkifiedText(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/(?:(?!&quot;|&#39;|&gt;|&lt;)[^\s<])+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
}
