import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';
import { ConfigError, type Config } from '../../config/config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** The certificate file: what clients should trust (`--cacert`, NODE_EXTRA_CA_CERTS). */
  certPath: string;
  /** True for Portico's own self-signed certificate, false for --tls-cert. */
  selfSigned: boolean;
  /** True when the self-signed certificate was made by this start. */
  created: boolean;
}

const VALID_DAYS = 397; // the longest lifetime any current TLS client accepts for a leaf certificate
const RENEW_BEFORE_MS = 30 * 86_400_000;

/** TLS for `portico serve`: none with --http, the given files, or a self-signed localhost certificate. */
export async function tlsFor(config: Readonly<Config>, now: Date = new Date()): Promise<TlsMaterial | null> {
  if (config.http) {
    if (config.tlsCert) throw new ConfigError('--http serves plain HTTP; leave out --tls-cert and --tls-key');
    return null;
  }
  if (config.tlsCert && config.tlsKey) {
    return { cert: readPem(config.tlsCert, '--tls-cert'), key: readPem(config.tlsKey, '--tls-key'), certPath: resolve(config.tlsCert), selfSigned: false, created: false };
  }
  return ensureSelfSigned(resolve(config.dataDir, 'tls'), hostsFor(config.publicUrl), now);
}

function readPem(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${flag} '${path}': ${(err as Error).message}`);
  }
}

/** localhost by name and both loopback addresses, plus the public URL's host when it differs. */
function hostsFor(publicUrl: string): string[] {
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  const hosts = ['localhost', '127.0.0.1', '::1'];
  return hosts.includes(host) ? hosts : [...hosts, host];
}

/**
 * Reuses `<dir>/{cert,key}.pem` while they are valid for the hosts and not about to expire, and
 * otherwise makes a new pair. The pair is written into a fresh folder that is then renamed into
 * place, so two processes starting at once never pair one's certificate with the other's key.
 */
async function ensureSelfSigned(dir: string, hosts: string[], now: Date): Promise<TlsMaterial> {
  const existing = readUsable(dir, hosts, now);
  if (existing) return existing;
  const pems = await makeCertificate(hosts, now);
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.new-`);
  // mkdtemp makes the folder private; clients run by other users must be able to read the certificate.
  chmodSync(staging, 0o755);
  writeFileSync(join(staging, 'cert.pem'), pems.cert, { mode: 0o644 });
  writeFileSync(join(staging, 'key.pem'), pems.private, { mode: 0o600 });
  try {
    if (existsSync(dir)) {
      // Expired or for other hosts, unless another process has just replaced it.
      const theirs = readUsable(dir, hosts, now);
      if (theirs) return theirs;
      const old = `${dir}.old-${now.getTime()}`;
      renameSync(dir, old);
      rmSync(old, { recursive: true, force: true });
    }
    renameSync(staging, dir);
  } catch (err) {
    // Another process put its pair in place first: use that one.
    const theirs = readUsable(dir, hosts, now);
    if (theirs) return theirs;
    throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { cert: pems.cert, key: pems.private, certPath: join(dir, 'cert.pem'), selfSigned: true, created: true };
}

function readUsable(dir: string, hosts: string[], now: Date): TlsMaterial | null {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  const cert = readFileSync(certPath, 'utf8');
  const key = readFileSync(keyPath, 'utf8');
  try {
    const x509 = new X509Certificate(cert);
    const fresh = Date.parse(x509.validTo) - now.getTime() > RENEW_BEFORE_MS;
    const covers = hosts.every((h) => (isIP(h) ? x509.checkIP(h) : x509.checkHost(h)) !== undefined);
    if (fresh && covers && x509.checkPrivateKey(createPrivateKey(key))) {
      return { cert, key, certPath, selfSigned: true, created: false };
    }
  } catch {
    // Unreadable files are replaced like expired ones.
  }
  return null;
}

async function makeCertificate(hosts: string[], now: Date) {
  return generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Portico (self-signed)' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      // Trusted through NODE_EXTRA_CA_CERTS or --cacert, the certificate is its own trust anchor.
      // OpenSSL only accepts a self-signed anchor that is a CA allowed to sign certificates, hence
      // CA:true with keyCertSign; pathLen 0 forbids it from vouching for intermediate CAs.
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
}
