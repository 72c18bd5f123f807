import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { childEnv, freePort, ServeProcess } from '../../helpers/portico-process.js';

const exec = promisify(execFile);

/**
 * A separate Node process fetches the URL. Only the environment decides whether it trusts
 * Portico's certificate, as for a user's own Node client. Prints the status, or the error code.
 */
async function fetchFromNode(url: string, env: Record<string, string>): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))`;
  const clean = childEnv();
  // The machine's own NODE_EXTRA_CA_CERTS (a system bundle) must not decide the outcome.
  delete clean.NODE_EXTRA_CA_CERTS;
  const { stdout } = await exec(process.execPath, ['-e', script], { env: { ...clean, ...env } });
  return stdout.trim();
}

// TLS does not depend on the database, so this runs on SQLite only.
describe('portico serve over HTTPS with the generated certificate', { concurrency: false }, () => {
  let dir: string;
  let certPath: string;
  let tenantId: string;
  let firstCert: string;
  const args = (port: number) => ['--port', String(port), '--db', join(dir, 'portico.db'), '--data-dir', join(dir, 'data'), '--log-level', 'warn'];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-https-'));
    certPath = join(dir, 'data', 'tls', 'cert.pem');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a localhost certificate on first start and says how Node clients trust it', async () => {
    const port = await freePort();
    const server = await ServeProcess.start(args(port));
    try {
      assert.ok(server.stdout.includes(`created a self-signed certificate ${certPath}`), server.stdout);
      assert.ok(server.stdout.includes(`export NODE_EXTRA_CA_CERTS=${certPath}`), server.stdout);
      tenantId = /^ {2}tenant id\s+(\S+)$/m.exec(server.stdout)?.[1] ?? '';
      assert.ok(tenantId, server.stdout);
      assert.ok(server.stdout.includes(`--cacert ${certPath}`), 'the curl pair trusts the certificate');
      assert.ok(server.stdout.includes(`https://localhost:${port}/v1.0/invitations`));
      // curl trusts it through --cacert: the printed token command works as printed.
      const tokenCommand = /^ {2}(TOKEN=\$\(.*)$/m.exec(server.stdout)?.[1] ?? '';
      const { stdout: token } = await exec('bash', ['-c', `set -eo pipefail\n${tokenCommand}\necho "$TOKEN"`], { env: childEnv() });
      assert.match(token.trim(), /^ey[\w-]+\.[\w-]+\.[\w-]+$/);

      firstCert = readFileSync(certPath, 'utf8');
      const x509 = new X509Certificate(firstCert);
      assert.equal(x509.ca, true);
      assert.equal(x509.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      assert.equal(statSync(join(dir, 'data', 'tls', 'key.pem')).mode & 0o777, 0o600, 'the private key is readable by its owner only');

      const url = `https://localhost:${port}/${tenantId}/v2.0/.well-known/openid-configuration`;
      assert.equal(await fetchFromNode(url, { NODE_EXTRA_CA_CERTS: certPath }), '200');
      assert.equal(await fetchFromNode(url, {}), 'DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted without NODE_EXTRA_CA_CERTS');
      assert.equal(await fetchFromNode(`https://127.0.0.1:${port}/${tenantId}/discovery/v2.0/keys`, { NODE_EXTRA_CA_CERTS: certPath }), '200');
    } finally {
      assert.equal(await server.stop('SIGTERM'), 0);
    }
  });

  it('reuses the certificate on later starts', async () => {
    const port = await freePort();
    const server = await ServeProcess.start(args(port));
    try {
      assert.ok(server.stdout.includes(`using the self-signed certificate ${certPath}`), server.stdout);
      assert.equal(readFileSync(certPath, 'utf8'), firstCert);
      const url = `https://localhost:${port}/${tenantId}/v2.0/.well-known/openid-configuration`;
      assert.equal(await fetchFromNode(url, { NODE_EXTRA_CA_CERTS: certPath }), '200');
    } finally {
      assert.equal(await server.stop('SIGTERM'), 0);
    }
  });
});
