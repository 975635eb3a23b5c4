import {
  queryDns,
  type DnsAnswer,
  type DnsQueryOptions,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './dns-client';

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

/** DNS lookups against the configured servers, bounded in time, answers and CNAME steps. */
export interface DnsResolver {
  query(name: string, type: DnsRecordType, signal: AbortSignal): Promise<DnsResponse>;
  /** TXT strings of the name itself (chunks joined); none for NXDOMAIN. */
  txt(name: string, signal: AbortSignal): Promise<string[]>;
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
  return {
    query,
    async txt(name, signal) {
      return (await own(name, 'TXT', signal)).map((answer) => txtText(answer.data));
    },
    async mx(name, signal) {
      return (await own(name, 'MX', signal)).map((answer) =>
        normalName(String((answer.data as { exchange?: unknown }).exchange ?? '')),
      );
    },
    async caa(name, signal) {
      return (await own(name, 'CAA', signal)).map((answer) => {
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
    const [a, aaaa] = await Promise.all([query(current, 'A', signal), query(current, 'AAAA', signal)]);
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

function txtText(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : String(part))).join('');
}
