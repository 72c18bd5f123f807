import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestCertificate {
  /** PEM certificate: served by Portico and trusted by clients through NODE_EXTRA_CA_CERTS. */
  cert: string;
  /** PEM private key of `cert`. */
  key: string;
  /** The certificate written to a file, for NODE_EXTRA_CA_CERTS. */
  certPath: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
  spkiSha256: string;
  remove(): void;
}

/**
 * A throwaway certificate for `localhost` and `127.0.0.1` that is its own trust anchor: OpenSSL only
 * accepts a self-signed anchor that is a CA allowed to sign certificates (CA:true, keyCertSign), and
 * pathLen 0 keeps it from vouching for anything else.
 */
export async function makeTestCertificate(hosts: { dns: string[]; ips: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] }): Promise<TestCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: hosts.dns[0] ?? 'localhost' }, { name: 'organizationName', value: 'Portico tests' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...hosts.dns.map((value) => ({ type: 2 as const, value })), ...hosts.ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'portico-tls-'));
  const certPath = join(dir, 'cert.pem');
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  const spki = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' });
  return {
    cert: pems.cert,
    key: pems.private,
    certPath,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
