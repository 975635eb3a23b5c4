import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidScanResultError, persistScanResult } from '../../libs/db';
import { TEXT_LIMITS, type Finding } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

/** Strings that break naive COPY text framing or escaping, and must still round-trip exactly. */
const ROUND_TRIP: Record<string, string> = {
  tab: 'a\tb',
  newline: 'line one\nline two',
  'carriage return': 'a\r\nb\r',
  backslash: 'C:\\path\\to\\file \\',
  'backslash-N (COPY null marker)': '\\N',
  'escaped backslash-N': '\\\\N',
  'end-of-data marker': '\\.',
  'end-of-data marker on its own line': 'x\n\\.\ny',
  'octal and hex escapes': '\\000 \\x41 \\101 \\t',
  quotes: `'single' "double" \`back\``,
  'control characters': '\u0001\u0007\u0008\u000b\u000c\u001b\u001f\u007f',
  'emoji and astral plane': '🔥 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧',
  'combining and right-to-left': 'e\u0301 \u202Eevil\u202C שלום',
  'line and paragraph separators': 'a\u2028b\u2029c',
  'byte order mark and replacement char': '\uFEFFbom \uFFFD',
  'SQL-looking text': "'); DROP TABLE insights; --",
  'longest subject': 'x'.repeat(TEXT_LIMITS.subject - 1) + '\\',
};

/** Details that must round-trip exactly through jsonb. */
const ROUND_TRIP_DETAILS: Record<string, Record<string, unknown>> = {
  'every hostile string as keys and values': Object.fromEntries(
    Object.entries(ROUND_TRIP).map(([k, v]) => [`${k}\t\\N`, v]),
  ),
  'nesting at the limit': nest(TEXT_LIMITS.detailsDepth - 1, { leaf: 'a\tb\\N' }),
  'numbers and literals': {
    int: 9007199254740991,
    neg: -1.5e-10,
    zero: 0,
    t: true,
    f: false,
    nil: null,
    list: [1, 'two', [3]],
  },
  'escaped unicode in strings': { s: '\\u0000 is not a NUL here', quote: '"\\"' },
};

/** Values refused before any write, with the words the error must carry. */
const REJECTED: Record<string, { finding: Partial<Finding>; message: RegExp }> = {
  'NUL in subject': { finding: { subject: 'a\u0000b' }, message: /subject contains a NUL character/ },
  'NUL in title': { finding: { title: '\u0000' }, message: /title contains a NUL character/ },
  'NUL in a details value': {
    finding: { details: { a: ['x\u0000'] } },
    message: /details\.a\[0\] contains a NUL character/,
  },
  'NUL in a details key': {
    finding: { details: { 'k\u0000': 1 } },
    message: /key of details contains a NUL character/,
  },
  'lone high surrogate in subject': {
    finding: { subject: 'a\uD800b' },
    message: /subject contains an unpaired UTF-16 surrogate/,
  },
  'lone low surrogate in title': {
    finding: { title: '\uDC00' },
    message: /title contains an unpaired UTF-16 surrogate/,
  },
  'reversed surrogate pair in kind': {
    finding: { kind: '\uDE00\uD83D' },
    message: /kind contains an unpaired UTF-16 surrogate/,
  },
  'lone surrogate in details': {
    finding: { details: { s: '\uD83D' } },
    message: /details\.s contains an unpaired UTF-16 surrogate/,
  },
  'subject over the limit': {
    finding: { subject: 'x'.repeat(TEXT_LIMITS.subject + 1) },
    message: /subject is 2049 characters long; at most 2048/,
  },
  'details over the size limit': {
    finding: { details: { big: 'x'.repeat(TEXT_LIMITS.details) } },
    message: /details are \d+ characters as JSON; at most 65536/,
  },
  'details nested too deep': {
    finding: { details: nest(TEXT_LIMITS.detailsDepth + 1, {}) },
    message: /details are nested deeper than 32 levels/,
  },
  'details nested 100,000 deep': {
    finding: { details: nest(100_000, {}) },
    message: /details are nested deeper than 32 levels/,
  },
  'details with a cycle': { finding: { details: cyclic() }, message: /details are nested deeper than 32 levels/ },
  'details with NaN': {
    finding: { details: { n: Number.NaN } },
    message: /details\.n is NaN, which JSON cannot carry/,
  },
  'details with undefined': {
    finding: { details: { u: undefined } },
    message: /details\.u is a undefined value, which JSON cannot carry unchanged/,
  },
  'details with a Date': { finding: { details: { d: new Date(0) } }, message: /details\.d is a Date object/ },
  'details as an array': { finding: { details: [] as never }, message: /details must be a plain JSON object/ },
  'empty kind': { finding: { kind: '' }, message: /kind must not be empty/ },
  'subject not a string': { finding: { subject: 42 as never }, message: /subject must be a string/ },
};

function nest(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value = leaf;
  for (let i = 1; i < depth; i++) value = { d: value };
  return value;
}

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
}

describe.each([
  { path: 'UNNEST', copyThreshold: Number.POSITIVE_INFINITY },
  { path: 'COPY', copyThreshold: 0 },
])('hostile strings through $path', ({ copyThreshold }) => {
  const db = useTestDatabase();
  let zoneId: string;

  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
  });

  it.each(Object.entries(ROUND_TRIP))(
    'when a finding carries %s in kind, subject and title, then they read back unchanged',
    async (_, text) => {
      const finding = buildFinding(text.slice(0, TEXT_LIMITS.kind), {
        subject: text,
        title: text.slice(0, TEXT_LIMITS.title),
        details: { text },
      });
      await persistScanResult(
        db.pool,
        buildScan(zoneId, [{ checker: 'dns', status: 'completed', findings: [finding] }]),
        { copyThreshold },
      );
      const rows = await db.pool.query('SELECT kind, subject, title, details FROM insights WHERE zone_id = $1', [
        zoneId,
      ]);
      expect(rows.rows).toEqual([{ kind: finding.kind, subject: text, title: finding.title, details: { text } }]);
    },
  );

  it.each(Object.entries(ROUND_TRIP_DETAILS))(
    'when details hold %s, then they read back unchanged',
    async (_, details) => {
      await persistScanResult(
        db.pool,
        buildScan(zoneId, [{ checker: 'dns', status: 'completed', findings: [buildFinding('k', { details })] }]),
        { copyThreshold },
      );
      const rows = await db.pool.query('SELECT details FROM insights WHERE zone_id = $1', [zoneId]);
      expect(rows.rows).toEqual([{ details }]);
    },
  );

  it.each(Object.entries(REJECTED))(
    'when a finding has %s, then the scan is refused with a clear error and nothing is written',
    async (_, { finding, message }) => {
      const scan = buildScan(zoneId, [
        { checker: 'dns', status: 'completed', findings: [buildFinding('good'), buildFinding('bad', finding)] },
      ]);
      const error = await persistScanResult(db.pool, scan, { copyThreshold }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidScanResultError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(
        `scan result of workflow "${scan.workflowId}": checker dns, finding 1`,
      );
      const counts = await db.pool.query(
        'SELECT (SELECT count(*) FROM scans)::int AS scans, (SELECT count(*) FROM insights)::int AS insights',
      );
      expect(counts.rows[0]).toEqual({ scans: 0, insights: 0 });
    },
  );

  it('when a failed checker reports an error message with NUL and a lone surrogate, then the scan is stored with the message cleaned', async () => {
    await persistScanResult(
      db.pool,
      buildScan(zoneId, [{ checker: 'tls', status: 'failed', error: 'bad\u0000cert \uD800 \t\\N' }]),
      { copyThreshold },
    );
    const rows = await db.pool.query('SELECT outcome, error FROM scans');
    expect(rows.rows).toEqual([{ outcome: 'failed', error: 'tls: bad\uFFFDcert \uFFFD \t\\N' }]);
  });
});
