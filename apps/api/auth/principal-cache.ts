import type { Principal } from '../../../libs/db';

const MAX_ENTRIES = 10_000;

/**
 * Resolved keys remembered for a short time, so a request costs one database round trip (its
 * query), not two. Revocation therefore takes effect within the TTL (API_KEY_CACHE_TTL).
 * Unknown keys are never cached: a key created a moment ago works at once.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal): void {
    if (this.ttlMs <= 0) return;
    // A bound on memory: past it, start afresh rather than track recency.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(token, { principal, expiresAt: Date.now() + this.ttlMs });
  }
}
