import type { Finding } from '../domain';
import { NET_ERROR_CODES, NetError } from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { headerFindings, redirectFindings } from './http-rules';

export interface HttpCheckerOptions {
  httpPort: number;
  httpsPort: number;
}

/** The plain-HTTP redirect and the security headers and cookies of the HTTPS answer. */
export function createHttpChecker(options: HttpCheckerOptions): Checker {
  return {
    id: 'http',
    async run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]> {
      const { net } = netOf(ctx, 'http');
      const { signal, dispose } = checkSignal(ctx, `http check of ${zone.name}`);
      try {
        const host = zone.name;
        const plainUrl = `http://${host}${options.httpPort === 80 ? '' : `:${options.httpPort}`}/`;
        const secureUrl = `https://${host}${options.httpsPort === 443 ? '' : `:${options.httpsPort}`}/`;
        const fetchOptions = { signal, deadline: ctx.deadline };
        const [plain, secure] = await Promise.all([
          net.fetch(plainUrl, { ...fetchOptions, followRedirects: false }).catch((error: unknown) => {
            // Nothing listening on port 80 serves nothing in clear text: there is nothing to redirect.
            if (error instanceof NetError && error.code === NET_ERROR_CODES.connectFailed) return undefined;
            throw error;
          }),
          net.fetch(secureUrl, { ...fetchOptions, followRedirects: true }),
        ]);
        const first = plain?.[0];
        const final = secure[secure.length - 1]!;
        const location = first?.headers.location;
        return [
          ...(first
            ? redirectFindings(host, first.status, typeof location === 'string' ? location : undefined, plainUrl)
            : []),
          ...headerFindings(host, final.headers),
        ];
      } finally {
        dispose();
      }
    },
  };
}
