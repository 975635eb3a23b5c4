import { findingOf, type Finding } from '../domain';
import { NET_ERROR_CODES, NetError, type LegacyTlsVersion, type NetHelpers } from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { tlsFindings } from './tls-rules';

export interface TlsCheckerOptions {
  httpsPort: number;
  /** A certificate expiring within this many days is reported (TLS_EXPIRY_WARNING_DAYS). */
  expiryWarningDays: number;
}

const LEGACY_VERSIONS: LegacyTlsVersion[] = ['TLSv1', 'TLSv1.1'];

/** Certificate validity, trust and hostname, and whether TLS 1.0/1.1 are still accepted. */
export function createTlsChecker(options: TlsCheckerOptions): Checker {
  return {
    id: 'tls',
    async run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]> {
      const { net } = netOf(ctx, 'tls');
      const { signal, dispose } = checkSignal(ctx, `tls check of ${zone.name}`);
      try {
        const host = zone.name;
        const address = await net.resolveTarget(host, signal);
        const probe = { signal, deadline: ctx.deadline };
        let handshake;
        try {
          handshake = await net.tlsHandshake(host, address, options.httpsPort, probe);
        } catch (error) {
          // Something answers on the HTTPS port but does not complete TLS: that is a result.
          if (error instanceof NetError && error.code === NET_ERROR_CODES.protocol) {
            return [findingOf('tls-handshake-failed', host, { port: options.httpsPort, error: error.message })];
          }
          throw error;
        }
        const legacy = await Promise.all(
          LEGACY_VERSIONS.map((version) => accepts(net, host, address, options.httpsPort, version, probe)),
        );
        return tlsFindings(
          host,
          {
            ...handshake.certificate,
            chainError: handshake.chainError,
            hostnameError: handshake.hostnameError,
            legacyAccepted: LEGACY_VERSIONS.filter((_, i) => legacy[i]),
          },
          new Date(),
          options.expiryWarningDays,
        );
      } finally {
        dispose();
      }
    },
  };
}

/** True when a handshake offering only `version` completes; a refusal or a reset is "no". */
async function accepts(
  net: NetHelpers,
  host: string,
  address: string,
  port: number,
  version: LegacyTlsVersion,
  probe: { signal: AbortSignal; deadline: number },
): Promise<boolean> {
  try {
    await net.tlsHandshake(host, address, port, { ...probe, onlyVersion: version });
    return true;
  } catch (error) {
    if (
      error instanceof NetError &&
      (error.code === NET_ERROR_CODES.protocol || error.code === NET_ERROR_CODES.connectFailed)
    )
      return false;
    throw error;
  }
}
