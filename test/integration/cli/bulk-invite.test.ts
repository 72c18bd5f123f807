import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { startGraphCli, type GraphCli } from '../../helpers/graph-cli.js';
import { childEnv, portico } from '../../helpers/portico-process.js';

const VERSION = 'version:v1.0';
const HEADINGS = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]';
const ROWS = 2000;

/** Twenty kinds of bad row, each with the reason the CLI must give; placed through the file. */
const BAD: [string, RegExp][] = [
  ['not-an-address,https://myapps.microsoft.com,false,', /'not-an-address' is not an email address/],
  ['no-domain@,https://myapps.microsoft.com,false,', /is not an email address/],
  ['a@b,https://myapps.microsoft.com,false,', /is not an email address/],
  ['semi;colon@fabrikam.com,https://myapps.microsoft.com,false,', /character Graph does not allow/],
  ['"co,mma@fabrikam.com",https://myapps.microsoft.com,false,', /character Graph does not allow/],
  ['.dot@fabrikam.com,https://myapps.microsoft.com,false,', /may not begin or end with '\.' or '-'/],
  ['dash-@fabrikam.com,https://myapps.microsoft.com,false,', /may not begin or end with '\.' or '-'/],
  [',https://myapps.microsoft.com,false,', /the email address to invite is missing/],
  ['nourl@fabrikam.com,,false,', /the redirection url is missing/],
  ['relative@fabrikam.com,/apps,false,', /the redirection url '\/apps' is not an absolute URL/],
  ['ftp@fabrikam.com,ftp://files.example,false,', /is not an http\(s\) URL/],
  ['yes@fabrikam.com,https://myapps.microsoft.com,yes,', /send invitation message must be true or false, not 'yes'/],
  ['maybe@fabrikam.com,https://myapps.microsoft.com,maybe,', /must be true or false/],
  ['guest1@fabrikam.com,https://myapps.microsoft.com,false,again', /the address is also on row 4/],
  ['GUEST2@FABRIKAM.COM,https://myapps.microsoft.com,false,', /the address is also on row 5/],
  ['space in@fabrikam.com,https://myapps.microsoft.com,false,', /character Graph does not allow/],
  ['brack[et@fabrikam.com,https://myapps.microsoft.com,false,', /character Graph does not allow/],
  ['two@@fabrikam.com,https://myapps.microsoft.com,false,', /is not an email address/],
  ['tld@fabrikam.c,https://myapps.microsoft.com,false,', /is not an email address/],
  ['quote"x@fabrikam.com,https://myapps.microsoft.com,false,', /./],
];

/** Entra's template: version line, headings, then 1,980 good rows with the 20 bad ones spread among them. */
function writeTemplate(path: string): { good: string[]; badRows: Map<number, RegExp> } {
  const lines = [VERSION, HEADINGS];
  const good: string[] = [];
  const badRows = new Map<number, RegExp>();
  for (let i = 0; lines.length < ROWS + 2; i++) {
    if (i > 5 && i % 97 === 0 && badRows.size < BAD.length) {
      const [line, reason] = BAD[badRows.size];
      badRows.set(lines.length + 1, reason);
      lines.push(line);
      continue;
    }
    const email = `guest${good.length}@fabrikam.com`;
    good.push(email);
    lines.push(`${email},https://myapps.microsoft.com,${good.length % 50 === 0 ? 'true' : 'false'},Welcome guest ${good.length}`);
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return { good, badRows };
}

interface ResultRow { row: string; address: string; status: string; userId: string; redeemUrl: string; error: string }
const readResults = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true }) as ResultRow[];
const count = async (db: TestDatabase, sql: string) => Number((await db.query<{ n: number | string }>(sql))[0].n);

describe('portico invite --csv', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let g: GraphCli;
      let file: string;
      let results: string;
      let good: string[];
      let badRows: Map<number, RegExp>;
      before(async () => {
        db = await createDatabase(dialect);
        g = await startGraphCli(db);
        file = join(g.dir, 'guests.csv');
        results = join(g.dir, 'guests.results.csv');
        ({ good, badRows } = writeTemplate(file));
        assert.equal(good.length + badRows.size, ROWS);
        assert.equal(badRows.size, 20);
      });
      after(async () => {
        await g?.close();
        await db?.drop();
      });

      it('--dry-run lists each bad row and why, and invites no one', async () => {
        const r = await g.cli(['invite', '--csv', file, '--dry-run']);
        assert.equal(r.code, 1);
        const listed = r.stdout.split('\n').filter((l) => l.startsWith('row '));
        assert.equal(listed.length, 20, r.stdout);
        for (const [row, reason] of badRows) {
          const line = listed.find((l) => l.startsWith(`row ${row}: `));
          assert.ok(line, `row ${row} is not listed`);
          assert.match(line, reason);
        }
        assert.match(r.stdout, /^2000 rows: 1980 valid, 20 invalid; nothing was sent \(--dry-run\)$/m);
        assert.equal(await count(db, 'SELECT count(*) AS n FROM invitations'), 0);
      });

      it('an interrupted run resumes from its results file without inviting anyone twice', async () => {
        const child = spawn(process.execPath, [portico, 'invite', '--csv', file, '--concurrency', '8'], { env: childEnv(g.env) });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
        const exited = once(child, 'exit');
        // Kill it for good (no chance to tidy up) once a few hundred rows are through.
        for (let waited = 0; ; waited += 50) {
          const n = await count(db, 'SELECT count(*) AS n FROM invitations');
          if (n >= 300) break;
          assert.ok(waited < 120_000 && child.exitCode === null, `the run did not get going: ${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        child.kill('SIGKILL');
        await exited;
        const before = await count(db, 'SELECT count(*) AS n FROM invitations');
        assert.ok(before < 1980, `the run finished (${before}) before it could be interrupted`);
        assert.match(stderr, /^row \d+: /m, 'bad rows are reported on stderr during a run');

        const r = await g.cli(['invite', '--csv', file]);
        assert.equal(r.code, 1, 'bad rows make the run fail');
        const summary = /^2000 rows: (\d+) invited, (\d+) skipped \(invited by an earlier run\), 0 failed, 20 invalid; /m.exec(r.stdout);
        assert.ok(summary, r.stdout + r.stderr);
        assert.ok(Number(summary[2]) > 0, 'the rerun skipped the rows the first run had done');
        assert.equal(Number(summary[1]) + Number(summary[2]), 1980);
        assert.match(r.stderr, /^error: 20 row\(s\) were not invited; see .*guests\.results\.csv$/m);
        assert.match(r.stderr, /^invited \d+\/\d+ \(\d+%\) \d+\/s ETA \S+ failed 0 retries \d+$/m, 'plain progress lines when stderr is not a terminal');

        assert.equal(await count(db, 'SELECT count(*) AS n FROM invitations'), 1980, 'one invitation per good row, none twice');
        assert.equal(await count(db, "SELECT count(*) AS n FROM users WHERE user_type = 'Guest'"), 1980);
        assert.equal(await count(db, 'SELECT count(*) AS n FROM outbox'), good.filter((_, i) => (i + 1) % 50 === 0).length, 'mail only where sendEmail is true');

        const lines = readResults(results);
        assert.equal(lines.length, 2000, 'one results line per row');
        assert.deepEqual(lines.map((l) => Number(l.row)), [...lines.map((l) => Number(l.row))].sort((a, b) => a - b));
        const invited = lines.filter((l) => l.status === 'invited');
        assert.equal(invited.length, 1980);
        assert.deepEqual(invited.map((l) => l.address).sort(), [...good].sort());
        assert.equal(new Set(invited.map((l) => l.userId)).size, 1980);
        for (const l of invited) assert.ok(l.redeemUrl.startsWith(`${g.origin}/redeem?`) || /interrupted run/.test(l.error), JSON.stringify(l));
        const invalid = lines.filter((l) => l.status === 'invalid');
        assert.deepEqual(invalid.map((l) => Number(l.row)), [...badRows.keys()]);
        for (const l of invalid) assert.match(l.error, badRows.get(Number(l.row)) as RegExp);
      });

      it('a third run with the same file invites no one', async () => {
        const r = await g.cli(['invite', '--csv', file]);
        assert.match(r.stdout, /^2000 rows: 0 invited, 1980 skipped \(invited by an earlier run\), 0 failed, 20 invalid; /m);
        assert.equal(await count(db, 'SELECT count(*) AS n FROM invitations'), 1980);
        assert.equal(readResults(results).length, 2000);
      });

      it('reads a plain CSV with the template\'s property names and fills the redirect from --redirect', async () => {
        const plain = join(g.dir, 'plain.csv');
        writeFileSync(plain, 'inviteeEmail,sendEmail,customizedMessageBody,extra\nplain1@contoso.com,TRUE,"Hello, with a comma",x\nplain2@contoso.com,,,\n');
        const r = await g.cli(['invite', '--csv', plain, '--redirect', 'https://apps.contoso.com', '--results', join(g.dir, 'plain-out.csv')]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /^note: ignoring the column\(s\) extra$/m);
        assert.match(r.stdout, /^2 rows: 2 invited, 0 skipped/m);
        const lines = readResults(join(g.dir, 'plain-out.csv'));
        assert.deepEqual(lines.map((l) => [l.row, l.address, l.status]), [['2', 'plain1@contoso.com', 'invited'], ['3', 'plain2@contoso.com', 'invited']]);
        const rows = await db.query<{ redirect_url: string; send_message: number | boolean; message_info: string }>("SELECT redirect_url, send_message, message_info FROM invitations WHERE email = 'plain1@contoso.com'");
        assert.equal(rows[0].redirect_url, 'https://apps.contoso.com');
        assert.equal(Number(rows[0].send_message), 1);
        assert.match(rows[0].message_info, /Hello, with a comma/);
        const missing = await g.cli(['invite', '--csv', join(g.dir, 'plain-out.csv')]);
        assert.match(missing.stderr, /^error: the file has no 'Email address to invite \[inviteeEmail\]' column/m);
      });
    });
  }
});
