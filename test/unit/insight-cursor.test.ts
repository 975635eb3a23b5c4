import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../libs/domain';

describe('insight cursor', () => {
  it('when any bigint id is encoded, then decoding gives it back', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 9223372036854775807n }),
        (id) => decodeCursor(encodeCursor(id.toString())) === id.toString(),
      ),
    );
  });

  it.each(['', 'abc', '76313a', '76323a3132', '76313a2d31', 'zz'.repeat(8)])(
    'when the cursor is %j (not ours), then it decodes to undefined',
    (cursor) => {
      expect(decodeCursor(cursor)).toBeUndefined();
    },
  );
});
