import { describe, expect, it } from 'vitest';
import { acceptScanNow, MAX_PENDING_SCAN_NOW } from '../../libs/domain/scan-now';

const A = '0b9e6d1c-1f1a-4c3e-9a57-2b0c8f1d7e01';
const B = '0b9e6d1c-1f1a-4c3e-9a57-2b0c8f1d7e02';

describe('acceptScanNow', () => {
  it('when ids repeat or differ in case, then each zone is queued once, lower-cased', () => {
    const { accepted, rejected } = acceptScanNow([A], [A.toUpperCase(), B, B]);
    expect(accepted).toEqual([A, B]);
    expect(rejected).toEqual([]);
  });

  it('when ids are not UUIDs or not strings, then they are refused and the rest kept', () => {
    const { accepted, rejected } = acceptScanNow([], [A, "x'; DROP TABLE zones;--", 42, null]);
    expect(accepted).toEqual([A]);
    expect(rejected).toEqual(["x'; DROP TABLE zones;--", '42', 'null']);
  });

  it('when the request is not a list, then it is treated as one id', () => {
    expect(acceptScanNow([], A).accepted).toEqual([A]);
    expect(acceptScanNow([], undefined).rejected).toEqual(['undefined']);
  });

  it('when the queue is full, then further ids are refused', () => {
    const full = Array.from(
      { length: MAX_PENDING_SCAN_NOW },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const { accepted, rejected } = acceptScanNow(full, [A]);
    expect(accepted).toHaveLength(MAX_PENDING_SCAN_NOW);
    expect(rejected).toEqual([A]);
  });
});
