import { parseZoneName } from './zone-name';

export const MAX_IMPORT_LINES = 100_000;

export interface ZoneImportParse {
  /** Valid, normalised names with the line each came from. */
  zones: Array<{ line: number; name: string }>;
  /** One entry per rejected line; valid lines are kept regardless. */
  errors: Array<{ line: number; error: string }>;
}

function csvFirstCell(line: string): string {
  const text = line.trim();
  if (!text.startsWith('"')) return text.split(',')[0] as string;
  const end = text.indexOf('"', 1);
  return end < 0 ? text.slice(1) : text.slice(1, end);
}

function ndjsonName(line: string): { name: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON; each line must be an object such as {"name":"example.com"}' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('name' in value)) {
    return { error: 'expected an object with a "name" field' };
  }
  return { name: (value as { name: unknown }).name };
}

/**
 * Reads a bulk zone import: CSV (first column is the name; an optional `name` header) or
 * NDJSON (`{"name": …}` per line). Bad lines are reported with their number and reason;
 * good lines are kept. Blank lines are ignored.
 */
export function parseZoneImport(body: string, format: 'csv' | 'ndjson'): ZoneImportParse {
  const result: ZoneImportParse = { zones: [], errors: [] };
  const seen = new Map<string, number>();
  const lines = body.split(/\r?\n/);
  if (lines.length > MAX_IMPORT_LINES + 1) {
    result.errors.push({ line: MAX_IMPORT_LINES + 1, error: `more than ${MAX_IMPORT_LINES} lines; split the file` });
    return result;
  }
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let candidate: unknown;
    if (format === 'csv') {
      candidate = csvFirstCell(raw);
      if (line === 1 && String(candidate).trim().toLowerCase() === 'name') return;
    } else {
      const parsed = ndjsonName(raw);
      if ('error' in parsed) return void result.errors.push({ line, error: parsed.error });
      candidate = parsed.name;
    }
    const zone = parseZoneName(candidate);
    if ('error' in zone) return void result.errors.push({ line, error: `name ${zone.error}` });
    const first = seen.get(zone.name);
    if (first !== undefined)
      return void result.errors.push({ line, error: `duplicate of line ${first} (${zone.name})` });
    seen.set(zone.name, line);
    result.zones.push({ line, name: zone.name });
  });
  return result;
}
