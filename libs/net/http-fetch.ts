import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { mapSocketError, runBounded } from './bounded-socket';
import { NET_ERROR_CODES, NetError } from './net-errors';
import type { NetLimits } from './net-limits';

export interface HttpHop {
  url: string;
  address: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** At most the requested number of body bytes; the rest is never read. */
  body: Buffer;
}

export interface FetchOptions {
  signal: AbortSignal;
  /** Epoch ms; the request's own timeout (NET_REQUEST_TIMEOUT_MS) may end it sooner. */
  deadline: number;
  /** Follow redirects; a function follows only to the URLs it accepts (the rest end the request there). */
  followRedirects: boolean | ((next: URL) => boolean);
  /** Extra request headers (e.g. Origin for the CORS check). */
  headers?: Record<string, string>;
  /** Body bytes the caller needs (0: headers only), capped by NET_MAX_BODY_BYTES. */
  bodyBytes?: number;
  /** GET unless told; a POST sends `requestBody` (webhook deliveries). */
  method?: 'GET' | 'POST';
  requestBody?: Buffer;
  /** The User-Agent sent (default: the scanner's); webhook deliveries send their own. */
  userAgent?: string;
}

export interface FetchDeps {
  limits: NetLimits;
  /** Resolves and SSRF-checks a host; called again for every redirect target. */
  resolveTarget(host: string, signal: AbortSignal): Promise<string>;
  trustedCa?: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'security-insights-scanner/0.1 (+https://github.com/security-insights)';

/** A GET bounded in time, header bytes, body bytes and redirects; each hop is SSRF-checked. */
export async function fetchBounded(url: string, options: FetchOptions, deps: FetchDeps): Promise<HttpHop[]> {
  const deadline = Math.min(options.deadline, Date.now() + deps.limits.requestTimeoutMs);
  const bodyBytes = Math.min(options.bodyBytes ?? 0, deps.limits.maxBodyBytes);
  const hops: HttpHop[] = [];
  let next = new URL(url);
  for (;;) {
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new NetError(NET_ERROR_CODES.protocol, `${next.href}: only http and https are fetched`);
    const address = await deps.resolveTarget(next.hostname, options.signal);
    const hop = await requestOnce(next, address, { ...options, deadline, bodyBytes }, deps);
    hops.push(hop);
    const location = hop.headers.location;
    if (!options.followRedirects || !REDIRECTS.has(hop.status) || typeof location !== 'string') return hops;
    let target: URL;
    try {
      target = new URL(location, next);
    } catch {
      if (typeof options.followRedirects === 'function') return hops;
      throw new NetError(
        NET_ERROR_CODES.protocol,
        `${hop.url} redirects to an invalid URL "${location.slice(0, 200)}"`,
      );
    }
    if (typeof options.followRedirects === 'function' && !options.followRedirects(target)) return hops;
    if (hops.length > deps.limits.maxRedirects) {
      throw new NetError(
        NET_ERROR_CODES.tooManyRedirects,
        `${url}: more than ${deps.limits.maxRedirects} redirects (last to ${location})`,
      );
    }
    next = target;
  }
}

/** Bytes of one informational response as it came over the wire: status line, headers, blank line. */
function informationalSize(info: { statusMessage?: string; rawHeaders: string[] }): number {
  // Each name is followed by ": " and each value by CRLF: two bytes per part.
  const headers = info.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0);
  return 'HTTP/1.1 100 \r\n'.length + (info.statusMessage ?? '').length + headers + 2;
}

function requestOnce(
  url: URL,
  address: string,
  options: FetchOptions & { bodyBytes: number },
  deps: FetchDeps,
): Promise<HttpHop> {
  const secure = url.protocol === 'https:';
  const request = (secure ? https : http).request({
    host: address,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: options.method ?? 'GET',
    headers: {
      ...options.headers,
      host: url.host,
      'user-agent': options.userAgent ?? USER_AGENT,
      accept: '*/*',
      connection: 'close',
      ...(options.requestBody ? { 'content-length': String(options.requestBody.length) } : {}),
    },
    agent: false,
    maxHeaderSize: deps.limits.maxHeaderBytes,
    // The TLS checker judges certificates; here only the headers matter, so a bad chain
    // must not hide them. SNI carries the name, never the pinned address.
    ...(secure
      ? { servername: url.hostname, rejectUnauthorized: false, ...(deps.trustedCa ? { ca: deps.trustedCa } : {}) }
      : {}),
  });
  return runBounded<HttpHop>({
    what: url.href,
    signal: options.signal,
    deadline: options.deadline,
    connectTimeoutMs: deps.limits.connectTimeoutMs,
    destroy: (error) => request.destroy(error),
    start: (resolve, reject, connected) => {
      request.on('socket', (socket) => socket.once(secure ? 'secureConnect' : 'connect', connected));
      request.on('error', (error) => reject(mapSocketError(error, url.href, deps.limits)));
      // Node parses each informational (1xx) response on its own, so a server could send them
      // without end: their header bytes add up against the same limit as the final response's.
      let informationalBytes = 0;
      request.on('information', (info) => {
        informationalBytes += informationalSize(info);
        if (informationalBytes > deps.limits.maxHeaderBytes)
          reject(
            new NetError(
              NET_ERROR_CODES.tooLarge,
              `${url.href}: informational (1xx) responses exceed ${deps.limits.maxHeaderBytes} header bytes (NET_MAX_HEADER_BYTES)`,
            ),
          );
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          response.destroy();
          resolve({
            url: url.href,
            address,
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).subarray(0, options.bodyBytes),
          });
        };
        if (options.bodyBytes === 0) return done();
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= options.bodyBytes) done();
        });
        response.on('end', done);
        response.on('error', (error) => reject(mapSocketError(error, url.href, deps.limits)));
      });
      request.end(options.requestBody);
    },
  });
}
