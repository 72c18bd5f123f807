/** Quotes a word for POSIX shells, leaving plainly safe words bare so printed commands stay readable. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-.,/:=@%+]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
