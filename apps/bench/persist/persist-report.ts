import type { CatalogGrowth } from './persist-catalog';

export const PATH_NAMES = ['per_row', 'unnest', 'copy', 'hybrid', 'raw_copy'] as const;
export type PathName = (typeof PATH_NAMES)[number];

/** Rows per second of each path at one batch size; null where a path was not run. */
export type SizeResult = { size: number } & Record<PathName, number | null>;

export interface PersistBenchReport {
  bench: 'persist';
  results: SizeResult[];
  catalog_growth: Record<string, CatalogGrowth>;
}

const fmt = (value: number | null) => (value === null ? '–' : Math.round(value).toLocaleString('en-US'));
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? '–' : (a / b).toFixed(2));

/** The human-readable table: rows/s per path, then the ratios the targets are stated in. */
export function formatPersistTable(report: PersistBenchReport, threshold: number): string {
  const lines: string[] = [];
  const row = (cells: string[]) =>
    lines.push(cells.map((cell, i) => (i === 0 ? cell.padStart(7) : cell.padStart(11))).join(' '));
  lines.push(`rows/s (higher is better); hybrid switches to COPY at ${threshold} rows`);
  row(['rows', ...PATH_NAMES]);
  for (const r of report.results) row([String(r.size), ...PATH_NAMES.map((name) => fmt(r[name]))]);
  lines.push('');
  lines.push(
    'ratios: hybrid / best of UNNEST and COPY (target ≥ 0.95), hybrid / per-row (≥ 30 at 10k), hybrid / raw COPY (≥ 0.3 at 100k)',
  );
  row(['rows', 'vs best', 'vs per_row', 'vs raw_copy', 'copy/unnest']);
  for (const r of report.results) {
    const best = r.unnest === null || r.copy === null ? null : Math.max(r.unnest, r.copy);
    row([
      String(r.size),
      ratio(r.hybrid, best),
      ratio(r.hybrid, r.per_row),
      ratio(r.hybrid, r.raw_copy),
      ratio(r.copy, r.unnest),
    ]);
  }
  lines.push('');
  lines.push(
    'catalog writes during 1,000 small batches (pg_class / pg_attribute tuples inserted+updated+deleted; dead tuples)',
  );
  for (const [name, growth] of Object.entries(report.catalog_growth)) {
    lines.push(
      `  ${name.padEnd(12)} pg_class ${String(growth.pg_class).padStart(7)}   pg_attribute ${String(growth.pg_attribute).padStart(7)}   dead ${String(growth.dead_tuples).padStart(7)}`,
    );
  }
  return lines.join('\n');
}
