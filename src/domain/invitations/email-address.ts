import { domainToASCII } from 'node:url';

/**
 * Email syntax of invited addresses (graph-spec §1.2): the local part may not contain
 * ~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : " < > ? , and may not begin or end with `.` or `-`;
 * `_` is allowed anywhere. Internationalized domains are accepted and compared in their ASCII form.
 */
const FORBIDDEN_LOCAL = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,\s@]/u;
const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export interface ParsedAddress {
  local: string;
  domain: string;
  /** The domain in ASCII (punycode) form, lower-cased. */
  asciiDomain: string;
  /** Lower-cased `local@asciiDomain`: the key that makes one guest per address. */
  key: string;
}

export function parseEmailAddress(address: string): ParsedAddress | string {
  if (address.length > 254) return 'it is longer than 254 characters';
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return "it must have the form 'name@domain'";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return 'the part before @ is longer than 64 characters';
  if (FORBIDDEN_LOCAL.test(local)) return 'the part before @ contains a character that is not allowed';
  if (/^[.-]|[.-]$/.test(local)) return "the part before @ may not begin or end with '.' or '-'";
  if (local.includes('..')) return "the part before @ may not contain '..'";
  const asciiDomain = domainToASCII(domain).toLowerCase();
  if (!asciiDomain) return 'the domain is not valid';
  const labels = asciiDomain.split('.');
  if (labels.length < 2 || !labels.every((l) => ASCII_LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    return 'the domain is not valid';
  }
  return { local, domain, asciiDomain, key: `${local.toLowerCase()}@${asciiDomain}` };
}
