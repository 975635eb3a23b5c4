import { describe, expect, it } from 'vitest';
import { copyTextChunks, copyTextField, copyTextRow } from '../../libs/db/insight-writer/copy-text';

describe('COPY text format encoding', () => {
  it.each([
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['a\nb\r', 'a\\nb\\r'],
    ['\\', '\\\\'],
    ['\\N', '\\\\N'],
    ['\\.', '\\\\.'],
    ['\u0001\u2028🔥', '\u0001\u2028🔥'],
  ])('when a field is %j, then it is written as %j', (value, expected) => {
    expect(copyTextField(value)).toBe(expected);
  });

  it('when a field is null, then it is the \\N marker, distinct from the string "\\N"', () => {
    expect(copyTextField(null)).toBe('\\N');
    expect(copyTextRow([null, '\\N'])).toBe('\\N\t\\\\N\n');
  });

  it('when rows exceed the chunk size, then they are split at row boundaries and nothing is lost', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`row ${i}`, 'x'.repeat(i)]);
    const chunks = [...copyTextChunks(rows, (r) => r, 500)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(rows.map((r) => copyTextRow(r)).join(''));
  });
});
