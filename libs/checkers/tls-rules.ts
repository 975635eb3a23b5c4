import { findingOf, type Finding } from '../domain';

export interface TlsObservation {
  chainError?: string;
  hostnameError?: string;
  validFrom: Date;
  validTo: Date;
  /** Legacy versions the server completed a handshake with. */
  legacyAccepted: string[];
  /** True when a handshake offering TLS 1.2 and 1.3 failed, but a legacy one completed. */
  modernRefused?: boolean;
}

const DAY_MS = 86_400_000;
/** Chain errors that have their own kind (dates are judged from the certificate itself). */
const NOT_UNTRUSTED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

/** TLS findings for one host from a handshake and the legacy-version probes. */
export function tlsFindings(host: string, seen: TlsObservation, now: Date, expiryWarningDays: number): Finding[] {
  const findings: Finding[] = [];
  const validTo = seen.validTo.toISOString();
  const daysLeft = Math.floor((seen.validTo.getTime() - now.getTime()) / DAY_MS);
  if (seen.validFrom.getTime() > now.getTime())
    findings.push(findingOf('tls-cert-not-yet-valid', host, { validFrom: seen.validFrom.toISOString() }));
  if (seen.validTo.getTime() <= now.getTime()) findings.push(findingOf('tls-cert-expired', host, { validTo }));
  else if (daysLeft < expiryWarningDays)
    findings.push(findingOf('tls-cert-expires-soon', host, { validTo, daysLeft, warningDays: expiryWarningDays }));
  if (seen.chainError === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    findings.push(findingOf('tls-cert-self-signed', host, { chainError: seen.chainError }));
  else if (seen.chainError && !NOT_UNTRUSTED.has(seen.chainError))
    findings.push(findingOf('tls-cert-untrusted', host, { chainError: seen.chainError }));
  if (seen.hostnameError)
    findings.push(findingOf('tls-cert-hostname-mismatch', host, { reason: seen.hostnameError.slice(0, 300) }));
  if (seen.legacyAccepted.length > 0)
    findings.push(findingOf('tls-legacy-version', host, { accepted: seen.legacyAccepted }));
  if (seen.modernRefused)
    findings.push(findingOf('tls-modern-version-missing', host, { accepted: seen.legacyAccepted }));
  return findings;
}
