/**
 * Rules for strings and JSON that reach PostgreSQL. PostgreSQL text cannot hold NUL, jsonb
 * refuses `\u0000` and unpaired surrogates, and the driver would silently turn an unpaired
 * surrogate into U+FFFD; so such values are refused at the boundary instead of being changed.
 * Everything else (tabs, newlines, backslashes, `\N`, any valid Unicode) must round-trip.
 */
export const TEXT_LIMITS = {
  id: 500,
  checker: 100,
  kind: 200,
  subject: 2048,
  title: 1000,
  error: 4000,
  /** Characters of a finding's details once serialised as JSON. */
  details: 65_536,
  /** Nesting of objects and arrays in details; PostgreSQL's own parser gives up far deeper. */
  detailsDepth: 32,
} as const;

const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Why a value is not an acceptable non-empty string of at most `max` characters, or null. */
export function checkText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `is ${value.length} characters long; at most ${max} are allowed`;
  return checkCharacters(value);
}

function checkCharacters(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which PostgreSQL cannot store';
  if (UNPAIRED_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return null;
}

/** Makes a diagnostic string storable: NULs and unpaired surrogates become U+FFFD, then it is cut to `max`. */
export function sanitizeText(value: string, max: number): string {
  const clean = (text: string) => text.replaceAll('\u0000', '\uFFFD').replace(/\p{Cs}/gu, '\uFFFD');
  // Cutting may split a surrogate pair, so clean again after the cut.
  return clean(clean(value).slice(0, max));
}

/** Serialises a finding's details as JSON text, or says why they cannot be stored unchanged. */
export function checkJsonDetails(value: unknown): { json: string } | { problem: string } {
  if (!isPlainObject(value)) return { problem: 'must be a plain JSON object' };
  // Iterative walk: a hostile, very deep value must not overflow the stack here.
  const stack: Array<{ node: unknown; depth: number; path: string }> = [{ node: value, depth: 1, path: 'details' }];
  let visited = 0;
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop() as { node: unknown; depth: number; path: string };
    if (++visited > 100_000) return { problem: 'has more than 100000 values' };
    if (node === null || typeof node === 'boolean') continue;
    if (typeof node === 'string') {
      const problem = checkCharacters(node);
      if (problem) return { problem: `${path} ${problem}` };
      continue;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return { problem: `${path} is ${node}, which JSON cannot carry` };
      continue;
    }
    const isArray = Array.isArray(node);
    if (!isArray && !isPlainObject(node))
      return { problem: `${path} is a ${describe(node)}, which JSON cannot carry unchanged` };
    if (depth > TEXT_LIMITS.detailsDepth)
      return { problem: `are nested deeper than ${TEXT_LIMITS.detailsDepth} levels` };
    if (isArray) {
      const array = node as unknown[];
      for (let i = 0; i < array.length; i++) stack.push({ node: array[i], depth: depth + 1, path: `${path}[${i}]` });
    } else {
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        const problem = checkCharacters(key);
        if (problem) return { problem: `key of ${path} ${problem}` };
        stack.push({ node: child, depth: depth + 1, path: `${path}.${key.slice(0, 50)}` });
      }
    }
  }
  const json = JSON.stringify(value);
  if (json.length > TEXT_LIMITS.details) {
    return { problem: `are ${json.length} characters as JSON; at most ${TEXT_LIMITS.details} are allowed` };
  }
  return { json };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined value';
  if (typeof value === 'object') return `${(value as object).constructor?.name ?? 'object'} object`;
  return `${typeof value} value`;
}
