import type { Finding } from '../domain';
import { allInOrder, NET_ERROR_CODES, NetError } from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { CORS_PROBE_ORIGIN, corsFindings, headerFindings, redirectFindings } from './http-rules';
import { mixedContentFindings } from './mixed-content-rules';
import { SECURITY_TXT_PATH, securityTxtFindings } from './security-txt-rules';

export interface HttpCheckerOptions {
  httpPort: number;
  httpsPort: number;
}

/** security.txt files are small; more than this is not one. */
const SECURITY_TXT_BYTES = 32 * 1024;

/**
 * The plain-HTTP redirect chain; the security headers, cookies and CORS answer of the HTTPS
 * landing page (redirects followed) and mixed content in its HTML; and security.txt. Findings
 * come only from real responses: a request that gets none fails the check.
 */
export function createHttpChecker(options: HttpCheckerOptions): Checker {
  return {
    id: 'http',
    async run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]> {
      const { net } = netOf(ctx, 'http');
      const { signal, dispose } = checkSignal(ctx, `http check of ${zone.name}`);
      try {
        const host = zone.name;
        const plainUrl = `http://${host}${options.httpPort === 80 ? '' : `:${options.httpPort}`}/`;
        const secureOrigin = `https://${host}${options.httpsPort === 443 ? '' : `:${options.httpsPort}`}`;
        const fetchOptions = { signal, deadline: ctx.deadline };
        const [plain, secure, securityTxt] = await allInOrder([
          // Followed while it stays on http://: only whether and how it reaches https:// matters.
          net
            .fetch(plainUrl, { ...fetchOptions, followRedirects: (next) => next.protocol === 'http:' })
            .catch((error: unknown) => {
              // Nothing listening on port 80 serves nothing in clear text: there is nothing to redirect.
              if (error instanceof NetError && error.code === NET_ERROR_CODES.connectFailed) return undefined;
              throw error;
            }),
          net.fetch(`${secureOrigin}/`, {
            ...fetchOptions,
            followRedirects: true,
            headers: { origin: CORS_PROBE_ORIGIN },
            bodyBytes: net.limits.maxBodyBytes,
          }),
          net.fetch(`${secureOrigin}${SECURITY_TXT_PATH}`, {
            ...fetchOptions,
            followRedirects: true,
            bodyBytes: SECURITY_TXT_BYTES,
          }),
        ]);
        const final = secure[secure.length - 1]!;
        const plainHops = (plain ?? []).map((hop) => ({
          url: hop.url,
          status: hop.status,
          location: typeof hop.headers.location === 'string' ? hop.headers.location : undefined,
        }));
        return [
          ...(plainHops.length > 0 ? redirectFindings(host, plainHops) : []),
          ...headerFindings(host, final.headers),
          ...corsFindings(host, final.headers),
          ...mixedContentFindings(host, final.headers, final.body),
          ...securityTxtFindings(host, securityTxt[securityTxt.length - 1]!, new Date()),
        ];
      } finally {
        dispose();
      }
    },
  };
}
