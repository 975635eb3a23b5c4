import {
  queryDns,
  type DnsAnswer,
  type DnsQueryOptions,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './dns-client';
import { allInOrder, NET_ERROR_CODES, NetError } from './net-errors';

export interface DnsResolverOptions {
  servers: readonly DnsServer[];
  timeoutMs: number;
  maxAnswers: number;
  /** CNAME steps followed before a chain counts as a loop. */
  maxCnameChain: number;
}

/** Where a name's address lookup ended; `chain` lists every name visited, the queried one first. */
export type AddressResolution =
  | { status: 'resolved'; chain: string[]; addresses: string[] }
  | { status: 'nxdomain'; chain: string[] }
  | { status: 'nodata'; chain: string[] }
  | { status: 'loop'; chain: string[] };

export interface CaaRecord {
  tag: string;
  value: string;
}

/**
 * The records of one type at a name, CNAMEs followed: `rcode` is the answer for the last name
 * of `chain` (the queried name first), so NXDOMAIN says that name does not exist and NOERROR
 * with no records says it exists without records of that type.
 */
export interface RecordSet {
  rcode: 'NOERROR' | 'NXDOMAIN';
  chain: string[];
  answers: DnsAnswer[];
}

/**
 * DNS lookups against the configured servers, bounded in time, answers and CNAME steps. A
 * lookup that gets no usable answer (timeout, SERVFAIL, REFUSED, malformed, a CNAME loop)
 * throws a NetError: only an answer may say that something is missing.
 */
export interface DnsResolver {
  query(name: string, type: DnsRecordType, signal: AbortSignal): Promise<DnsResponse>;
  /** Records of `type` at the name, following CNAMEs as a resolver does for any type but CNAME and DS. */
  records(name: string, type: 'TXT' | 'MX' | 'CAA', signal: AbortSignal): Promise<RecordSet>;
  /** TXT strings at the name (chunks joined, CNAMEs followed); none for NXDOMAIN. */
  txt(name: string, signal: AbortSignal): Promise<string[]>;
  /** Mail exchangers; a null MX (RFC 7505, ".") says the name takes no mail and yields none. */
  mx(name: string, signal: AbortSignal): Promise<string[]>;
  caa(name: string, signal: AbortSignal): Promise<CaaRecord[]>;
  /** Number of DS records at the name (served by the parent zone). */
  dsCount(name: string, signal: AbortSignal): Promise<number>;
  /** The CNAME target of the name itself, if it is an alias. */
  cname(name: string, signal: AbortSignal): Promise<string | undefined>;
  addresses(name: string, signal: AbortSignal): Promise<AddressResolution>;
}

/** Lower case, no trailing dot: how names are compared. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Builds a resolver on the dns-packet client; Node's own resolver cannot ask for DS records. */
export function createDnsResolver(options: DnsResolverOptions): DnsResolver {
  const query = (name: string, type: DnsRecordType, signal: AbortSignal) =>
    queryDns(normalName(name), type, {
      servers: options.servers,
      timeoutMs: options.timeoutMs,
      maxAnswers: options.maxAnswers,
      signal,
    } satisfies DnsQueryOptions);
  const own = async (name: string, type: DnsRecordType, signal: AbortSignal): Promise<DnsAnswer[]> => {
    const response = await query(name, type, signal);
    return response.answers.filter((answer) => answer.type === type && normalName(answer.name) === normalName(name));
  };
  const records = (name: string, type: 'TXT' | 'MX' | 'CAA', signal: AbortSignal) =>
    followRecords(query, name, type, options.maxCnameChain, signal);
  return {
    query,
    records,
    async txt(name, signal) {
      return txtStrings((await records(name, 'TXT', signal)).answers);
    },
    async mx(name, signal) {
      return (await records(name, 'MX', signal)).answers
        .map((answer) => normalName(String((answer.data as { exchange?: unknown }).exchange ?? '')))
        .filter((host) => host !== '');
    },
    async caa(name, signal) {
      return (await records(name, 'CAA', signal)).answers.map((answer) => {
        const data = answer.data as { tag?: unknown; value?: unknown };
        return { tag: String(data.tag ?? ''), value: String(data.value ?? '') };
      });
    },
    async dsCount(name, signal) {
      return (await own(name, 'DS', signal)).length;
    },
    async cname(name, signal) {
      const [answer] = await own(name, 'CNAME', signal);
      return answer ? normalName(String(answer.data)) : undefined;
    },
    addresses: (name, signal) => followAddresses(query, name, options.maxCnameChain, signal),
  };
}

async function followAddresses(
  query: (name: string, type: DnsRecordType, signal: AbortSignal) => Promise<DnsResponse>,
  name: string,
  maxCnameChain: number,
  signal: AbortSignal,
): Promise<AddressResolution> {
  const chain = [normalName(name)];
  for (;;) {
    const current = chain[chain.length - 1] as string;
    const [a, aaaa] = await allInOrder([query(current, 'A', signal), query(current, 'AAAA', signal)]);
    const answers = [...a.answers, ...aaaa.answers];
    // A recursive server returns the whole chain at once; an authoritative one a step at a time.
    const aliases = new Map(
      answers.filter((r) => r.type === 'CNAME').map((r) => [normalName(r.name), normalName(String(r.data))]),
    );
    let end = current;
    while (aliases.has(end)) {
      end = aliases.get(end) as string;
      if (chain.includes(end) || chain.length > maxCnameChain) return { status: 'loop', chain: [...chain, end] };
      chain.push(end);
    }
    const addresses = answers
      .filter((r) => (r.type === 'A' || r.type === 'AAAA') && normalName(r.name) === end)
      .map((r) => String(r.data));
    if (addresses.length > 0) return { status: 'resolved', chain, addresses };
    if (a.rcode === 'NXDOMAIN' && aaaa.rcode === 'NXDOMAIN') return { status: 'nxdomain', chain };
    if (end === current) return { status: 'nodata', chain };
  }
}

/** Follows a name's CNAME chain for `type`: within one answer (recursive servers) or step by step. */
async function followRecords(
  query: (name: string, type: DnsRecordType, signal: AbortSignal) => Promise<DnsResponse>,
  name: string,
  type: DnsRecordType,
  maxCnameChain: number,
  signal: AbortSignal,
): Promise<RecordSet> {
  const chain = [normalName(name)];
  for (;;) {
    const current = chain[chain.length - 1] as string;
    const response = await query(current, type, signal);
    const aliases = new Map(
      response.answers.filter((r) => r.type === 'CNAME').map((r) => [normalName(r.name), normalName(String(r.data))]),
    );
    let end = current;
    while (aliases.has(end)) {
      end = aliases.get(end) as string;
      if (chain.includes(end) || chain.length > maxCnameChain)
        throw new NetError(
          NET_ERROR_CODES.dnsFailed,
          `${type} ${chain[0]}: its CNAME chain loops or is longer than ${maxCnameChain} (${[...chain, end].join(' → ')})`,
        );
      chain.push(end);
    }
    const answers = response.answers.filter((r) => r.type === type && normalName(r.name) === end);
    // An authoritative server answers an alias with its CNAME only: ask for the target's records.
    if (answers.length > 0 || end === current)
      return { rcode: response.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NOERROR', chain, answers };
  }
}

/** The strings of TXT answers, each record's chunks joined. */
export function txtStrings(answers: DnsAnswer[]): string[] {
  return answers.map((answer) => txtText(answer.data));
}

function txtText(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : String(part))).join('');
}
