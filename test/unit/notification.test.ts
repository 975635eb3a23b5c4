import { describe, expect, it } from 'vitest';
import {
  classifyHttpStatus,
  isEmailAddress,
  meetsSeverity,
  nextDigestAt,
  parseWebhookUrl,
  retryDelaySeconds,
  retrySpanSeconds,
} from '../../libs/domain';

describe('notification rules', () => {
  it('when a receiver answers, then 2xx is delivered, 5xx/408/429 retried, other 4xx and 3xx refused', () => {
    expect([200, 204, 299].map(classifyHttpStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([500, 503, 408, 429].map(classifyHttpStatus)).toEqual(['retryable', 'retryable', 'retryable', 'retryable']);
    expect([400, 401, 404, 410, 301, 302].map(classifyHttpStatus)).toEqual(Array(6).fill('rejected'));
  });

  it('when retries follow each other, then the wait doubles from the initial delay up to the cap, and 16 attempts span hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n))).toEqual([5, 10, 20, 40]);
    expect(retryDelaySeconds(20)).toBe(3600);
    expect(retryDelaySeconds(3, 0.5, 1)).toBe(1);
    const hours = retrySpanSeconds(16) / 3600;
    expect(hours).toBeGreaterThan(6);
    expect(hours).toBeLessThan(7);
  });

  it('when the digest hour is still ahead today, then it is today; at or after it, tomorrow', () => {
    expect(nextDigestAt(new Date('2026-03-10T07:59:59Z'), 8)).toEqual(new Date('2026-03-10T08:00:00Z'));
    expect(nextDigestAt(new Date('2026-03-10T08:00:00Z'), 8)).toEqual(new Date('2026-03-11T08:00:00Z'));
    expect(nextDigestAt(new Date('2026-12-31T23:00:00Z'), 0)).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('when severities are compared with a threshold, then as urgent or more passes', () => {
    expect(meetsSeverity('critical', 'high')).toBe(true);
    expect(meetsSeverity('high', 'high')).toBe(true);
    expect(meetsSeverity('moderate', 'high')).toBe(false);
  });

  it('when webhook URLs and email addresses are checked, then the bad ones say why', () => {
    expect(parseWebhookUrl('https://hooks.example.com/a?b=1')).toEqual({ url: 'https://hooks.example.com/a?b=1' });
    expect(parseWebhookUrl('ftp://x.example/')).toEqual({ error: 'must be http:// or https://' });
    expect(parseWebhookUrl('https://u:p@x.example/')).toMatchObject({ error: expect.stringContaining('credentials') });
    expect(parseWebhookUrl('nope')).toMatchObject({ error: expect.stringContaining('not a URL') });
    expect(isEmailAddress('sec@example.com')).toBe(true);
    expect(isEmailAddress('sec@localhost')).toBe(false);
    expect(isEmailAddress('a b@example.com')).toBe(false);
  });
});
