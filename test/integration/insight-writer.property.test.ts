import fc from 'fast-check';
import type { Pool } from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { persistScanResults } from '../../libs/db';
import { fingerprintOf, SEVERITIES, type CheckerOutcome, type Finding, type ScanResult } from '../../libs/domain';
import { referencePersist } from '../support/reference-insight-writer';
import { useTestDatabase } from '../support/test-database';

const ACCOUNT = '00000000-0000-4000-8000-000000000000';
const ZONES = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];
const CHECKERS = ['dns', 'http', 'tls'];
const KINDS = ['a', 'b', 'c'];
// Few subjects, so findings collide across scans; some that COPY text format must escape.
const SUBJECTS = ['example.test', 'tab\there', 'back\\N', 'line\nbreak'];
const BASE = Date.UTC(2026, 0, 1);

const findingArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  subject: fc.constantFrom(...SUBJECTS),
  severity: fc.constantFrom(...SEVERITIES),
  note: fc.constantFrom('x', '\\\t', ''),
});
const outcomeArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      status: fc.constant('completed' as const),
      findings: fc.array(findingArb, { maxLength: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ status: fc.constant('failed' as const) }) },
);
const scanSpecArb = fc.record({
  zone: fc.nat(ZONES.length - 1),
  outcomes: fc
    .subarray(CHECKERS, { minLength: 1 })
    .chain((checkers) => fc.tuple(...checkers.map((c) => outcomeArb.map((o) => ({ checker: c, ...o }))))),
  // Re-apply an earlier result instead (an activity retry): index into the results so far.
  replay: fc.option(fc.nat(), { freq: 5 }),
});
const stepArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('scans' as const),
      scans: fc.array(scanSpecArb, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('dismiss' as const),
      zone: fc.nat(ZONES.length - 1),
      checker: fc.constantFrom(...CHECKERS),
      kind: fc.constantFrom(...KINDS),
      subject: fc.constantFrom(...SUBJECTS),
      // Minutes after this step when the dismissal ends; null: forever.
      until: fc.option(fc.integer({ min: -1, max: 4 }), { freq: 3 }),
    }),
  },
);

async function seedZones(pool: Pool): Promise<void> {
  await pool.query(`INSERT INTO accounts (id, name) VALUES ($1, 'property')`, [ACCOUNT]);
  await pool.query(`INSERT INTO zones (id, account_id, name) SELECT id, $1, 'z-' || id FROM unnest($2::uuid[]) AS id`, [
    ACCOUNT,
    ZONES,
  ]);
}

async function reset(pool: Pool): Promise<void> {
  await pool.query(
    'TRUNCATE notification_queue, notification_delivery_events, insight_events, insight_audit, insights, scans',
  );
  await pool.query('UPDATE zones SET last_scan_at = NULL');
}

/** Everything the writer is responsible for, in an order that does not depend on insight ids. */
async function snapshot(pool: Pool) {
  const insights = await pool.query(
    `SELECT zone_id, fingerprint, checker, kind, subject, severity, title, details, status, first_seen_at, last_seen_at,
            resolved_at, dismissed_until, reopen_count
     FROM insights ORDER BY zone_id, fingerprint`,
  );
  const audit = await pool.query(
    `SELECT a.zone_id, i.fingerprint, a.changed_at, a.field, a.old_value, a.new_value, a.actor
     FROM insight_audit AS a JOIN insights AS i ON i.id = a.insight_id ORDER BY a.zone_id, i.fingerprint, a.id`,
  );
  const scans = await pool.query(
    'SELECT workflow_id, run_id, zone_id, outcome, insight_count, error FROM scans ORDER BY workflow_id',
  );
  const zones = await pool.query('SELECT id, last_scan_at FROM zones ORDER BY id');
  return { insights: insights.rows, audit: audit.rows, scans: scans.rows, zones: zones.rows };
}

describe('hybrid insight writer against the plain reference', () => {
  const hybrid = useTestDatabase();
  const reference = useTestDatabase();

  beforeAll(async () => {
    await Promise.all([seedZones(hybrid.pool), seedZones(reference.pool)]);
  });

  it.each([0, 1, 5, Number.POSITIVE_INFINITY])(
    'when random scan sequences (groups, retries, failures, dismissals) are applied with COPY threshold %s, then tables and audit trails equal the reference',
    async (copyThreshold) => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (steps) => {
          await Promise.all([reset(hybrid.pool), reset(reference.pool)]);
          const results: ScanResult[] = [];
          let minute = 0;
          for (const step of steps) {
            minute += 1;
            if (step.type === 'dismiss') {
              const until = step.until === null ? null : new Date(BASE + (minute + step.until) * 60_000);
              for (const db of [hybrid, reference]) {
                await db.pool.query(
                  `UPDATE insights SET status = 'dismissed', dismissed_until = $3 WHERE zone_id = $1 AND fingerprint = $2`,
                  [ZONES[step.zone], fingerprintOf(step.checker, step.kind, step.subject), until],
                );
              }
              continue;
            }
            const group = step.scans.map((spec, i) => {
              if (spec.replay !== null && results.length > 0)
                return results[spec.replay % results.length] as ScanResult;
              const at = new Date(BASE + minute * 60_000 + i * 1000);
              const outcomes: CheckerOutcome[] = spec.outcomes.map((o) =>
                o.status === 'failed'
                  ? { checker: o.checker, status: 'failed', error: `${o.checker} timed out` }
                  : {
                      checker: o.checker,
                      status: 'completed',
                      findings: o.findings.map((f): Finding => ({
                        kind: f.kind,
                        subject: f.subject,
                        severity: f.severity,
                        title: `${f.kind} ${f.note}`,
                        details: { note: f.note },
                      })),
                    },
              );
              const result: ScanResult = {
                workflowId: `wf-${minute}-${i}`,
                runId: 'r',
                zoneId: ZONES[spec.zone] as string,
                lane: 'fast',
                startedAt: at,
                finishedAt: at,
                outcomes,
              };
              results.push(result);
              return result;
            });
            const outcomes = await persistScanResults(hybrid.pool, group, { copyThreshold });
            const expected: string[] = [];
            for (const result of group) expected.push(await referencePersist(reference.pool, result));
            expect(outcomes.map((o) => o.status)).toEqual(expected);
          }
          const [actual, wanted] = await Promise.all([snapshot(hybrid.pool), snapshot(reference.pool)]);
          expect(actual).toEqual(wanted);
        }),
        { numRuns: 40 },
      );
    },
  );
});
