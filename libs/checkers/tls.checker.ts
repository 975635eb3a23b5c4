import { findingOf, type Finding } from '../domain';
import {
  allInOrder,
  NET_ERROR_CODES,
  NetError,
  type LegacyTlsVersion,
  type NetHelpers,
  type TlsHandshake,
} from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { tlsFindings } from './tls-rules';

export interface TlsCheckerOptions {
  httpsPort: number;
  /** A certificate expiring within this many days is reported (TLS_EXPIRY_WARNING_DAYS). */
  expiryWarningDays: number;
}

const LEGACY_VERSIONS: LegacyTlsVersion[] = ['TLSv1', 'TLSv1.1'];

/**
 * Certificate validity, trust and hostname, and whether TLS 1.0/1.1 are still accepted. A server
 * that completes no TLS 1.2/1.3 handshake but a legacy one is judged on the legacy handshake's
 * certificate and reported as lacking modern TLS; one that completes none gets tls-handshake-failed.
 */
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
        const [modern, ...legacy] = await allInOrder([
          handshake(net, host, address, options.httpsPort, probe),
          ...LEGACY_VERSIONS.map((version) => handshake(net, host, address, options.httpsPort, probe, version)),
        ]);
        const completed = (result: TlsHandshake | Refusal | undefined): result is TlsHandshake =>
          result !== undefined && !('refused' in result);
        const seen = [modern, ...legacy].find(completed);
        if (!seen) {
          // Something answers on the HTTPS port but completes no TLS handshake: that is a result.
          const error = modern && 'refused' in modern ? modern.refused : undefined;
          return [findingOf('tls-handshake-failed', host, { port: options.httpsPort, error })];
        }
        return tlsFindings(
          host,
          {
            ...seen.certificate,
            chainError: seen.chainError,
            hostnameError: seen.hostnameError,
            legacyAccepted: LEGACY_VERSIONS.filter((_, i) => completed(legacy[i])),
            modernRefused: !completed(modern),
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

/**
 * One handshake (offering only `version`, or TLS 1.2 and 1.3 when absent); a Refusal when the
 * peer refuses it in the protocol (alert, reset after hello, not TLS at all). A connection that
 * is never made or times out is no answer: it fails the check.
 */
async function handshake(
  net: NetHelpers,
  host: string,
  address: string,
  port: number,
  probe: { signal: AbortSignal; deadline: number },
  version?: LegacyTlsVersion,
): Promise<TlsHandshake | Refusal> {
  try {
    return await net.tlsHandshake(host, address, port, version ? { ...probe, onlyVersion: version } : probe);
  } catch (error) {
    if (error instanceof NetError && error.code === NET_ERROR_CODES.protocol) return { refused: error.message };
    // A legacy probe reset by a server that drops old hellos is a refusal too.
    if (version && error instanceof NetError && error.code === NET_ERROR_CODES.connectFailed)
      return { refused: error.message };
    throw error;
  }
}

/** A handshake the peer refused within the protocol, with the reason. */
interface Refusal {
  refused: string;
}
