import { describe, expect, it } from 'vitest';
import { parseZoneImport } from '../../libs/domain';

describe('bulk zone import parsing', () => {
  it('when a CSV has a header, quoted cells, extra columns and blank lines, then names come from the first column', () => {
    const parsed = parseZoneImport('name,owner\n"a.example.com",x\nb.example.com,y\n\n', 'csv');
    expect(parsed).toEqual({
      zones: [
        { line: 2, name: 'a.example.com' },
        { line: 3, name: 'b.example.com' },
      ],
      errors: [],
    });
  });

  it('when NDJSON lines are malformed, then each is reported by number and valid lines are kept', () => {
    const parsed = parseZoneImport('{"name":"a.example.com"}\nnull\n{"name":7}\n{"name":"A.example.com"}', 'ndjson');
    expect(parsed.zones).toEqual([{ line: 1, name: 'a.example.com' }]);
    expect(parsed.errors).toEqual([
      { line: 2, error: 'expected an object with a "name" field' },
      { line: 3, error: 'name must be a string' },
      { line: 4, error: 'duplicate of line 1 (a.example.com)' },
    ]);
  });
});
