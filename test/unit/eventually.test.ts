import { describe, expect, it } from 'vitest';
import { eventually } from '../support/temporal';

describe('eventually (the tests’ wait)', () => {
  it('when a probe written as a condition is false at first, then it waits until the condition holds', async () => {
    let calls = 0;
    const result = await eventually(async () => ++calls >= 3, 5_000, 'the third call');
    expect(result).toBe(true);
    expect(calls).toBe(3);
  });

  it('when a probe returns a value, then that value is the result, whatever it is but undefined or false', async () => {
    expect(await eventually(async () => 0)).toBe(0);
    expect(await eventually(async () => '')).toBe('');
    expect(await eventually(async () => null)).toBeNull();
  });

  it('when the condition never holds, then it fails after the timeout naming what it waited for', async () => {
    await expect(
      eventually(
        async () => false,
        300,
        () => 'a condition that never holds',
      ),
    ).rejects.toThrow('timed out after 300 ms waiting for a condition that never holds');
  });
});
