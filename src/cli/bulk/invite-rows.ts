import { parse } from 'csv-parse/sync';

/** One data row of a bulk-invite file, before validation. */
export interface InviteRow {
  /** The row's line number in the file (1-based), as people count when they open it. */
  row: number;
  email: string;
  redirectUrl: string;
  sendEmail: string;
  message: string;
  displayName: string;
}

type Field = 'email' | 'redirectUrl' | 'sendEmail' | 'message' | 'displayName';

/**
 * Column names, lower-cased. Entra's bulk-invite template (tutorial-bulk-invite) names each
 * column `<Item name> [propertyName] <Required or blank>`, e.g. `Email address to invite
 * [inviteeEmail] Required`; the property in brackets decides. A plain CSV may name the columns by
 * those properties or by the invitation's own Graph names.
 */
const COLUMNS: Record<string, Field> = {
  inviteeemail: 'email', email: 'email', emailaddress: 'email', inviteduseremailaddress: 'email',
  inviteredirecturl: 'redirectUrl', redirecturl: 'redirectUrl',
  sendemail: 'sendEmail', sendinvitationmessage: 'sendEmail',
  customizedmessagebody: 'message', message: 'message',
  displayname: 'displayName', inviteduserdisplayname: 'displayName', inviteedisplayname: 'displayName',
};

export interface InviteFile {
  format: 'entra' | 'plain';
  rows: InviteRow[];
  /** Headers that name no known column: ignored, and said so. */
  ignoredColumns: string[];
}

function fieldOf(header: string): Field | undefined {
  const bracketed = /\[([^\]]+)\]/.exec(header)?.[1] ?? header;
  return COLUMNS[bracketed.replace(/[\s_-]/g, '').toLowerCase()];
}

/**
 * Reads Entra's template (its `version:v1.0` line, the headings row, then one row per guest; an
 * `Example:` row left in from the template is skipped) or a plain CSV whose first row is the headings.
 * The redirection url column may be left out when a default is given (--redirect).
 */
export function readInviteFile(text: string, opts: { redirectDefault?: boolean } = {}): InviteFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    throw new Error(`the file is not valid CSV: ${(err as Error).message}`);
  }
  let format: InviteFile['format'] = 'plain';
  if (records.length > 0 && /^version\s*:/i.test(records[0].record[0] ?? '')) {
    format = 'entra';
    records = records.slice(1);
  }
  const [head, ...data] = records;
  if (!head) throw new Error('the file has no column headings');
  const fields = head.record.map(fieldOf);
  const ignoredColumns = head.record.filter((_, i) => fields[i] === undefined && head.record[i] !== '');
  for (const [required, label] of [['email', 'Email address to invite [inviteeEmail]'], ['redirectUrl', 'Redirection url [inviteRedirectURL]']] as const) {
    if (required === 'redirectUrl' && opts.redirectDefault) continue;
    if (!fields.includes(required)) throw new Error(`the file has no '${label}' column (headings: ${head.record.join(', ')})`);
  }
  const rows: InviteRow[] = [];
  for (const { record, info } of data) {
    if (/^example\s*:/i.test(record[0] ?? '')) continue;
    if (record.every((c) => c === '')) continue;
    const row: InviteRow = { row: info.lines, email: '', redirectUrl: '', sendEmail: '', message: '', displayName: '' };
    fields.forEach((f, i) => { if (f) row[f] = record[i] ?? ''; });
    rows.push(row);
  }
  return { format, rows, ignoredColumns };
}
