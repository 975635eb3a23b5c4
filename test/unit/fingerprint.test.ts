import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../libs/domain';

describe('fingerprintOf', () => {
  it('when given the same checker, kind and subject, then returns the same 16 hex digits', () => {
    const a = fingerprintOf('dns', 'spf-missing', 'example.com');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf('dns', 'spf-missing', 'example.com')).toBe(a);
  });

  it('when the parts differ or only their boundaries move, then the fingerprints differ', () => {
    const seen = new Set([
      fingerprintOf('dns', 'spf-missing', 'example.com'),
      fingerprintOf('dns', 'spf-missing', 'example.org'),
      fingerprintOf('http', 'spf-missing', 'example.com'),
      fingerprintOf('a', 'bc', 'd'),
      fingerprintOf('ab', 'c', 'd'),
      fingerprintOf('dns', 'spf-missing', 'exämple.com'),
    ]);
    expect(seen.size).toBe(6);
  });
});
