import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../libs/config/config.schema';

describe('.env.example', () => {
  it('when compared with the config schema, then it documents exactly the variables the system reads', () => {
    const text = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(configSchema.shape).sort());
  });
});
