import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { NET_ERROR_CODES, NetError, throwIfAborted } from './net-errors';

export interface DnsServer {
  host: string;
  port: number;
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'CAA' | 'DS';

export interface DnsAnswer {
  name: string;
  type: string;
  data: unknown;
}

export interface DnsResponse {
  rcode: string;
  answers: DnsAnswer[];
}

export interface DnsQueryOptions {
  servers: readonly DnsServer[];
  /** Per server and transport. */
  timeoutMs: number;
  /** More answers than this is an error, not a longer list. */
  maxAnswers: number;
  signal: AbortSignal;
}

/** A TCP answer is at most 64 KiB by its length prefix; nothing more is ever buffered. */
const MAX_TCP_BYTES = 2 + 65_535;

/**
 * Asks the configured servers in turn (UDP, then TCP when the answer is truncated). NOERROR
 * and NXDOMAIN are answers; SERVFAIL, REFUSED, timeouts and malformed packets move on to the
 * next server, and when none answers the query fails with DnsFailed.
 */
export async function queryDns(name: string, type: DnsRecordType, options: DnsQueryOptions): Promise<DnsResponse> {
  const problems: string[] = [];
  for (const server of options.servers) {
    throwIfAborted(options.signal);
    try {
      const query: dnsPacket.Packet = {
        type: 'query',
        id: randomInt(0, 65_536),
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type, name }],
      };
      let packet = await exchangeUdp(server, query, options);
      if (packet.flag_tc) packet = await exchangeTcp(server, query, options);
      // An answer must be to the question asked: another name or type is no answer at all.
      const echoed = packet.questions?.[0];
      if (
        packet.questions?.length !== 1 ||
        echoed?.type !== type ||
        echoed.name.toLowerCase().replace(/\.$/, '') !== name.toLowerCase()
      ) {
        problems.push(
          `${server.host}:${server.port} sent an answer for another question (${echoed?.type ?? '?'} ${String(echoed?.name ?? '?').slice(0, 100)})`,
        );
        continue;
      }
      const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
      if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') {
        problems.push(`${server.host}:${server.port} answered ${rcode}`);
        continue;
      }
      const answers = packet.answers ?? [];
      if (answers.length > options.maxAnswers) {
        throw new NetError(
          NET_ERROR_CODES.tooLarge,
          `${type} ${name}: ${answers.length} answers, more than the ${options.maxAnswers} allowed`,
        );
      }
      return {
        rcode,
        answers: answers.map((a) => ({ name: a.name, type: a.type, data: (a as { data?: unknown }).data })),
      };
    } catch (error) {
      if (error instanceof NetError && error.code === NET_ERROR_CODES.tooLarge) throw error;
      throwIfAborted(options.signal);
      problems.push(`${server.host}:${server.port} ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new NetError(
    NET_ERROR_CODES.dnsFailed,
    `${type} ${name}: no DNS server answered (${problems.join('; ') || 'no servers configured'}); check DNS_SERVERS`,
  );
}

function exchangeUdp(
  server: DnsServer,
  query: dnsPacket.Packet,
  options: DnsQueryOptions,
): Promise<dnsPacket.DecodedPacket> {
  const id = query.id as number;
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  return withTimeout(
    options,
    `UDP timeout after ${options.timeoutMs} ms`,
    () => socket.close(),
    (resolve, reject) => {
      socket.on('error', reject);
      socket.on('message', (message, peer) => {
        // A stray or spoofed datagram (other sender or id) is ignored, not taken as the answer.
        if (
          peer.port !== server.port ||
          peer.address !== server.host ||
          message.length < 2 ||
          message.readUInt16BE(0) !== id
        )
          return;
        try {
          resolve(dnsPacket.decode(message));
        } catch {
          reject(new Error(`malformed UDP answer (${message.length} bytes)`));
        }
      });
      socket.send(dnsPacket.encode(query), server.port, server.host);
    },
  );
}

function exchangeTcp(
  server: DnsServer,
  query: dnsPacket.Packet,
  options: DnsQueryOptions,
): Promise<dnsPacket.DecodedPacket> {
  const socket = net.connect({ host: server.host, port: server.port });
  return withTimeout(
    options,
    `TCP timeout after ${options.timeoutMs} ms`,
    () => socket.destroy(),
    (resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      socket.on('error', reject);
      socket.on('connect', () => socket.write(dnsPacket.streamEncode(query)));
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > MAX_TCP_BYTES) return reject(new Error('TCP answer longer than its length prefix allows'));
        const buffer = Buffer.concat(chunks);
        if (buffer.length < 2 || buffer.length < 2 + buffer.readUInt16BE(0)) return;
        try {
          const packet = dnsPacket.decode(buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
          if (packet.id !== query.id) return reject(new Error('TCP answer carries another query id'));
          resolve(packet);
        } catch {
          reject(new Error(`malformed TCP answer (${size} bytes)`));
        }
      });
      socket.on('end', () => reject(new Error('TCP connection closed before a full answer')));
    },
  );
}

/** Runs one exchange with a timeout and the caller's abort signal; `cleanup` always runs. */
function withTimeout<T>(
  options: DnsQueryOptions,
  timeoutMessage: string,
  cleanup: () => void,
  body: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = (action: () => void) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      cleanup();
      action();
    };
    const onAbort = () => finish(() => reject(options.signal.reason));
    const timer = setTimeout(() => finish(() => reject(new Error(timeoutMessage))), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      body(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
    } catch (error) {
      finish(() => reject(error));
    }
  });
}
