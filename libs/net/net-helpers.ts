import { AddressPolicy } from './address-policy';
import type { DnsResolver } from './dns-resolver';
import { fetchBounded, type FetchOptions, type HttpHop } from './http-fetch';
import type { NetLimits } from './net-limits';
import { resolveTarget } from './target-resolver';
import { probeTls, type TlsHandshake, type TlsProbeOptions } from './tls-probe';

/** The bounded, SSRF-checked network operations a checker may use. */
export interface NetHelpers {
  readonly limits: NetLimits;
  /** Resolves once and returns the SSRF-admitted address to connect to. */
  resolveTarget(host: string, signal: AbortSignal): Promise<string>;
  fetch(url: string, options: FetchOptions): Promise<HttpHop[]>;
  /** Handshakes with `host` (SNI) at `address`, which must come from resolveTarget. */
  tlsHandshake(host: string, address: string, port: number, options: TlsProbeOptions): Promise<TlsHandshake>;
}

export interface NetHelpersOptions {
  resolver: DnsResolver;
  /** CIDRs admitted despite the SSRF policy (NET_ALLOWLIST). */
  allowlist: readonly string[];
  limits: NetLimits;
  /** PEM certificates to trust instead of Node's roots (tests: the test CA). */
  trustedCa?: string[];
}

/** Binds the net helpers to one resolver, SSRF policy and set of limits. */
export function createNetHelpers(options: NetHelpersOptions): NetHelpers {
  const policy = new AddressPolicy(options.allowlist);
  const resolve = (host: string, signal: AbortSignal) =>
    resolveTarget(host, { resolver: options.resolver, policy }, signal);
  const deps = { limits: options.limits, trustedCa: options.trustedCa };
  return {
    limits: options.limits,
    resolveTarget: resolve,
    fetch: (url, fetchOptions) => fetchBounded(url, fetchOptions, { ...deps, resolveTarget: resolve }),
    tlsHandshake: (host, address, port, probeOptions) => probeTls(host, address, port, probeOptions, deps),
  };
}
