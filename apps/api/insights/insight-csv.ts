import type { InsightRow } from '../../../libs/db';

const COLUMNS: Array<[string, (row: InsightRow) => unknown]> = [
  ['id', (r) => r.id],
  ['zone_id', (r) => r.zoneId],
  ['checker', (r) => r.checker],
  ['kind', (r) => r.kind],
  ['subject', (r) => r.subject],
  ['severity', (r) => r.severity],
  ['status', (r) => r.status],
  ['title', (r) => r.title],
  ['classification', (r) => r.classification],
  ['first_seen_at', (r) => r.firstSeenAt],
  ['last_seen_at', (r) => r.lastSeenAt],
  ['resolved_at', (r) => r.resolvedAt],
];

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line of an insights export. */
export function csvHeader(): string {
  return `${COLUMNS.map(([name]) => name).join(',')}\n`;
}

/** One insight as a CSV line. */
export function csvLine(row: InsightRow): string {
  return `${COLUMNS.map(([, get]) => cell(get(row))).join(',')}\n`;
}
