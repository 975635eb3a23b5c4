import { z } from 'zod';
import { parseCidr, type DnsServer } from '../net';

export const CHECKER_IDS = ['synthetic', 'dns', 'tls', 'http'] as const;
export type CheckerId = (typeof CHECKER_IDS)[number];

/** A comma-separated list of checker ids, each known, at least one. */
export const checkerList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const parts = (raw === undefined || raw.trim() === '' ? 'synthetic' : raw)
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const unknown = parts.filter((part) => !(CHECKER_IDS as readonly string[]).includes(part));
    if (unknown.length > 0 || parts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown checker(s) "${unknown.join(',')}"; choose from ${CHECKER_IDS.join(',')}`,
      });
      return z.NEVER;
    }
    return [...new Set(parts)] as CheckerId[];
  });

/** Parses `1.2.3.4`, `1.2.3.4:5353`, `::1` or `[::1]:5353`; port 53 when none is given. */
export function parseDnsServer(text: string): DnsServer {
  const value = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const bare6 = /^[0-9a-fA-F:]+$/.test(value) && value.includes(':') ? [value, value, undefined] : null;
  const match = bracketed ?? v4 ?? bare6;
  const port = Number(match?.[2] ?? 53);
  if (!match || !(port >= 1 && port <= 65535))
    throw new Error(`"${text}" is not a DNS server address such as 127.0.0.1:5353 or [::1]:53`);
  parseCidr(match[1] as string);
  return { host: match[1] as string, port };
}

/** A comma-separated list of DNS servers (IP literals; names would need DNS to find DNS). */
export const dnsServerList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    try {
      return (raw ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map(parseDnsServer);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A comma-separated list of CIDRs or addresses admitted despite the SSRF policy. */
export const cidrList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const parts = (raw ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    for (const part of parts) {
      try {
        parseCidr(part);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }
    return parts;
  });
