/**
 * The sum of every series of one metric in a Prometheus text exposition (labels ignored); 0
 * when the metric is absent. Enough for the counters a benchmark reads off a worker.
 */
export function sumOfMetric(exposition: string, name: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    // `name value` or `name{labels} value`; not `name_suffix …` (another metric).
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

/** Fetches `url` (a worker's /metrics) and sums each named metric; throws with the url when it does not answer. */
export async function scrapeCounters(url: string, names: readonly string[]): Promise<Record<string, number>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`metrics endpoint ${url} answered HTTP ${response.status}`);
  const text = await response.text();
  return Object.fromEntries(names.map((name) => [name, sumOfMetric(text, name)]));
}
