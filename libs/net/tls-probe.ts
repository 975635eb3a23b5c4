import tls, { type PeerCertificate } from 'node:tls';
import { mapSocketError, runBounded } from './bounded-socket';
import type { NetLimits } from './net-limits';

export type LegacyTlsVersion = 'TLSv1' | 'TLSv1.1';

export interface TlsHandshake {
  protocol: string | null;
  /** OpenSSL's verdict on the chain, e.g. DEPTH_ZERO_SELF_SIGNED_CERT; undefined when trusted. */
  chainError?: string;
  /** Why the certificate does not cover the hostname; undefined when it does. */
  hostnameError?: string;
  certificate: {
    subject: string;
    issuer: string;
    validFrom: Date;
    validTo: Date;
    subjectAltName?: string;
    fingerprint256: string;
  };
}

export interface TlsProbeOptions {
  signal: AbortSignal;
  deadline: number;
  /** Offer only this legacy version (and legacy ciphers): does the server still accept it? */
  onlyVersion?: LegacyTlsVersion;
}

export interface TlsProbeDeps {
  limits: NetLimits;
  trustedCa?: string[];
}

/** One TLS handshake with `host` at the pinned `address`; reports the certificate, never rejects it. */
export function probeTls(
  host: string,
  address: string,
  port: number,
  options: TlsProbeOptions,
  deps: TlsProbeDeps,
): Promise<TlsHandshake> {
  const what = `tls://${host}:${port}${options.onlyVersion ? ` (${options.onlyVersion} only)` : ''}`;
  const socket = tls.connect({
    host: address,
    port,
    servername: host,
    rejectUnauthorized: false,
    ...(deps.trustedCa ? { ca: deps.trustedCa } : {}),
    // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; probing for them needs level 0.
    ...(options.onlyVersion
      ? { minVersion: options.onlyVersion, maxVersion: options.onlyVersion, ciphers: 'DEFAULT@SECLEVEL=0' }
      : {}),
  });
  return runBounded<TlsHandshake>({
    what,
    signal: options.signal,
    deadline: Math.min(options.deadline, Date.now() + deps.limits.requestTimeoutMs),
    connectTimeoutMs: deps.limits.connectTimeoutMs,
    destroy: () => socket.destroy(),
    start: (resolve, reject, connected) => {
      socket.once('connect', connected);
      socket.on('error', (error) => reject(mapSocketError(error, what, deps.limits)));
      socket.on('secureConnect', () => {
        const peer = socket.getPeerCertificate(false) as PeerCertificate;
        const identity =
          peer && Object.keys(peer).length > 0
            ? tls.checkServerIdentity(host, peer)
            : new Error('no certificate presented');
        // Node folds a hostname mismatch into authorizationError only when the chain is fine.
        const chainError = socket.authorizationError ? String(socket.authorizationError) : undefined;
        resolve({
          protocol: socket.getProtocol(),
          chainError: chainError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : chainError,
          hostnameError: identity?.message,
          certificate: {
            subject: JSON.stringify(peer.subject ?? {}),
            issuer: JSON.stringify(peer.issuer ?? {}),
            validFrom: new Date(peer.valid_from),
            validTo: new Date(peer.valid_to),
            subjectAltName: peer.subjectaltname,
            fingerprint256: peer.fingerprint256,
          },
        });
      });
    },
  });
}
