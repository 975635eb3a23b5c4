import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorEnvelope } from './error-envelope';

export interface HttpHardeningOptions {
  maxBodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

const BODY_TOO_LARGE = (limit: number) =>
  `request body larger than ${limit} bytes (API_MAX_BODY_BYTES); split it into smaller requests`;

/**
 * The Node HTTP server under the framework, guarded for what a hostile client can do before
 * any route runs: a declared body over the limit is refused from its Content-Length before a
 * byte of it is read (before authentication, on any path), and `Expect: 100-continue` for such
 * a body is answered 413 instead of `100 Continue`; the timeouts bound slow headers, slow
 * bodies and idle connections, checked every second. (Chunked bodies are cut at the limit by
 * the body parser.) Given to Fastify as its serverFactory.
 */
export function createHardenedServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: HttpHardeningOptions,
): Server {
  const server = createServer({
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connectionsCheckingInterval: 1000,
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (declaredTooLarge(request, options.maxBodyBytes)) return refuseBody(response, options.maxBodyBytes);
    handler(request, response);
  });
  // With a listener here Node no longer answers `100 Continue` by itself: only bodies within the limit get it.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaredTooLarge(request, options.maxBodyBytes)) return refuseBody(response, options.maxBodyBytes);
    response.writeContinue();
    handler(request, response);
  });
  return server;
}

function declaredTooLarge(request: IncomingMessage, limit: number): boolean {
  const declared = request.headers['content-length'];
  return declared !== undefined && (!/^\d{1,16}$/.test(declared) || Number(declared) > limit);
}

/** Answers 413 in the envelope and closes the connection, so the unread body is never read. */
function refuseBody(response: ServerResponse, limit: number): void {
  const body = JSON.stringify(errorEnvelope(413, BODY_TOO_LARGE(limit), 'body'));
  response.shouldKeepAlive = false;
  response.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body, () => response.socket?.destroy());
}

const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message: 'request headers (or the URL) too large; send shorter headers and query strings',
  },
  // Node reports slow headers and slow bodies alike as a request timeout.
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message:
      'the request was not received in time (headers within API_HEADERS_TIMEOUT, the whole request within API_REQUEST_TIMEOUT); send it faster or split it',
  },
};

/**
 * What the HTTP parser refuses (malformed framing, oversized headers, timeouts) answered in the
 * same JSON envelope as every other error where the connection can still carry an answer.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''];
  const status = known?.status ?? 400;
  const message = known?.message ?? `malformed HTTP request (${error.code ?? 'parse error'}); the connection is closed`;
  const body = JSON.stringify(errorEnvelope(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
