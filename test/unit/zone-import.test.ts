import { describe, expect, it } from 'vitest';
import { parseZoneImport, parseZoneName } from '../../libs/domain';

describe('zone names and bulk import parsing', () => {
  it('when a name has case, spaces and a trailing dot, then it is normalised', () => {
    expect(parseZoneName('  Example.COM. ')).toEqual({ name: 'example.com' });
  });

  it.each([
    ['', 'must not be empty'],
    ['localhost', 'is not a domain name'],
    ['-bad.example', 'inner dashes'],
    [`${'a'.repeat(64)}.example`, 'inner dashes'],
    [`${'a.'.repeat(127)}com`, 'at most 253'],
    [42, 'must be a string'],
  ])('when the name is %j, then the error says %s', (name, reason) => {
    const result = parseZoneName(name);
    expect('error' in result && result.error).toContain(reason);
  });

  it('when a CSV has a header, quoted cells, extra columns and blank lines, then names come from the first column', () => {
    const parsed = parseZoneImport('name,owner\n"a.example",x\nb.example,y\n\n', 'csv');
    expect(parsed).toEqual({
      zones: [
        { line: 2, name: 'a.example' },
        { line: 3, name: 'b.example' },
      ],
      errors: [],
    });
  });

  it('when NDJSON lines are malformed, then each is reported by number and valid lines are kept', () => {
    const parsed = parseZoneImport('{"name":"a.example"}\nnull\n{"name":7}\n{"name":"A.example"}', 'ndjson');
    expect(parsed.zones).toEqual([{ line: 1, name: 'a.example' }]);
    expect(parsed.errors).toEqual([
      { line: 2, error: 'expected an object with a "name" field' },
      { line: 3, error: 'name must be a string' },
      { line: 4, error: 'duplicate of line 1 (a.example)' },
    ]);
  });
});
