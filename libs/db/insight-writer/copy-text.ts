/**
 * PostgreSQL's COPY text format: fields separated by tabs, rows by newlines, `\N` for NULL,
 * and a backslash escaping itself and the three characters that would break the framing
 * (tab, newline, carriage return). Everything else is sent as is: the strings were already
 * checked for NUL and unpaired surrogates (libs/domain/text-safety.ts), which COPY cannot carry.
 */
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format; null becomes `\N`, a literal `\N` string stays a string. */
export function copyTextField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(SPECIAL, (char) => ESCAPES[char] as string);
}

/** One row in COPY text format, newline included. */
export function copyTextRow(fields: ReadonlyArray<string | null>): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += '\t';
    line += copyTextField(fields[i] as string | null);
  }
  return `${line}\n`;
}

/**
 * Groups rows into chunks of roughly `chunkChars` characters: one write per chunk keeps the
 * stream fast without building one huge string for 100k rows.
 */
export function* copyTextChunks<T>(
  items: Iterable<T>,
  toFields: (item: T) => ReadonlyArray<string | null>,
  chunkChars = 64 * 1024,
): Generator<string> {
  let chunk = '';
  for (const item of items) {
    chunk += copyTextRow(toFields(item));
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
