import type { ParsedAddress } from './email-address.js';

/**
 * Guest user principal names (graph-spec §2.2): `{local}_{domain}#EXT#@{initial domain}`, with a
 * numeric suffix before `#EXT#` when the name is taken. UPNs are ASCII, so IDN domains appear in
 * their punycode form; characters Entra does not allow in a UPN prefix become `_`.
 */
export function guestMailNickname(address: ParsedAddress, suffix = 0): string {
  const base = `${address.local}_${address.asciiDomain}`.replace(/[^A-Za-z0-9._\-!#^~'&]/g, '_');
  return `${base}${suffix === 0 ? '' : suffix}#EXT#`;
}

export function guestUpn(address: ParsedAddress, initialDomain: string, suffix = 0): string {
  return `${guestMailNickname(address, suffix)}@${initialDomain}`;
}
