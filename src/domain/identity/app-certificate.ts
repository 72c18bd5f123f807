import { createHash, X509Certificate } from 'node:crypto';
import { badRequest } from '../errors.js';
import type { AppCertificate } from '../model.js';
import { newId } from '../random.js';

/**
 * An uploaded certificate credential: only its public key and thumbprints are kept, as Entra's
 * keyCredentials. Clients name it in a client assertion by `x5t` (SHA-1) or `x5t#S256` (SHA-256).
 */
export function certificateCredential(pem: string, now: Date): AppCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw badRequest('The certificate is not a PEM or DER X.509 certificate.');
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') throw badRequest('Only RSA certificates are supported for client assertions.');
  const end = new Date(cert.validTo);
  if (end.getTime() <= now.getTime()) throw badRequest('The certificate has expired.');
  return {
    keyId: newId(),
    thumbprintSha1: createHash('sha1').update(cert.raw).digest('base64url'),
    thumbprintSha256: createHash('sha256').update(cert.raw).digest('base64url'),
    publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdDateTime: now.toISOString(),
    endDateTime: end.toISOString(),
  };
}
