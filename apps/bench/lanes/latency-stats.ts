/** What one benchmark setup measured for its fast scans. */
export interface LaneFigures {
  fastScans: number;
  /** Fast scans persisted per second, from the first claim to the last fast scan persisted. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

/** The q-quantile (0 … 1) of sorted values, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Summarises fast scans: each one's claim time and persisted time, in epoch ms. */
export function summariseFastScans(scans: Array<{ claimedAtMs: number; persistedAtMs: number }>): LaneFigures {
  const latencies = scans.map((s) => s.persistedAtMs - s.claimedAtMs).sort((a, b) => a - b);
  const first = Math.min(...scans.map((s) => s.claimedAtMs));
  const last = Math.max(...scans.map((s) => s.persistedAtMs));
  return {
    fastScans: scans.length,
    throughput: scans.length === 0 ? 0 : round(scans.length / Math.max(0.001, (last - first) / 1000), 2),
    p50Ms: Math.round(quantile(latencies, 0.5)),
    p99Ms: Math.round(quantile(latencies, 0.99)),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
