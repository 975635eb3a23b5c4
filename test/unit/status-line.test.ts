import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStatusLine, firstInsightsLine, formatLiveStatus, type LiveStatus } from '../../apps/dev/status-line';

/** A stream that records what is written, as a terminal (isTTY) or as a pipe. */
function sink(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY, text: () => chunks.join('') });
  return stream;
}

const status: LiveStatus = {
  scansLastMinute: { fast: 1234, slow: 7 },
  inFlight: 12,
  openInsights: 30_500,
  dueBacklog: 48,
  lastScannedZoneId: null,
};

describe('the live status line of npm start', () => {
  it('when a zone has its first insights, then the link is the dashboard zone page a browser opens (not the API route, which needs a key)', () => {
    const zoneId = '0b8a3c1e-5f4d-4a2b-9c7d-1e2f3a4b5c6d';
    expect(firstInsightsLine('http://127.0.0.1:3000', zoneId)).toBe(
      `  first insights: http://127.0.0.1:3000/#/zones/${zoneId}`,
    );
    expect(firstInsightsLine('http://127.0.0.1:3000/', zoneId)).toBe(
      `  first insights: http://127.0.0.1:3000/#/zones/${zoneId}`,
    );
  });

  it('when formatted, then it shows scans/min by lane, in flight, open insights and backlog', () => {
    expect(formatLiveStatus(status, new Date('2026-11-30T10:59:46Z'))).toBe(
      '[10:59:46] scans/min fast 1,234 · slow 7 · in flight 12 · open insights 30,500 · due backlog 48',
    );
  });

  it('when the output is a terminal, then each status redraws the same line and a printed line goes above it', () => {
    const tty = sink(true);
    const line = createStatusLine(tty);
    line.show('first');
    line.show('second');
    line.print('a note');
    line.end();
    const text = tty.text();
    // Each redraw returns to column 0 and clears the line (CSI G / CSI 2K) instead of adding a line.
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/first.*second.*a note$/s),
      expect.stringMatching(/second$/),
      '',
    ]);
    expect(text).toContain('\x1b[2K');
    expect(text.match(/\n/g)).toHaveLength(2);
  });

  it('when the output is not a terminal, then each status is a plain line without control sequences', () => {
    const pipe = sink(false);
    const line = createStatusLine(pipe);
    line.show('first');
    line.show('second');
    line.end();
    expect(pipe.text()).toBe('first\nsecond\n');
  });
});
