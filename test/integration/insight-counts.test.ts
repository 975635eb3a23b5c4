import fc from 'fast-check';
import type { Pool } from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compactInsightCounts,
  countInsights,
  countInsightsInFull,
  deleteAccount,
  persistScanResults,
  setInsightClassification,
  setInsightDismissed,
  summaryAnswers,
} from '../../libs/db';
import {
  COUNT_DIMENSIONS,
  SEVERITIES,
  type CheckerOutcome,
  type CountDimension,
  type InsightFilters,
  type ScanResult,
} from '../../libs/domain';
import { useTestDatabase } from '../support/test-database';

const ACCOUNTS = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
// Zone i belongs to account i % 2.
const ZONES = [1, 2, 3, 4].map((i) => `00000000-0000-4000-8000-00000000000${i}`);
const CHECKERS = ['dns', 'http', 'tls'];
const KINDS = ['a', 'b', 'c'];
const SUBJECTS = ['s1', 's2', 's3'];
const BASE = Date.UTC(2026, 0, 1);

const scanArb = fc.record({
  zone: fc.nat(ZONES.length - 1),
  outcomes: fc.subarray(CHECKERS, { minLength: 1 }).chain((checkers) =>
    fc.tuple(
      ...checkers.map((checker) =>
        fc
          .oneof(
            {
              weight: 4,
              arbitrary: fc.array(
                fc.record({
                  kind: fc.constantFrom(...KINDS),
                  subject: fc.constantFrom(...SUBJECTS),
                  severity: fc.constantFrom(...SEVERITIES),
                }),
                { maxLength: 5 },
              ),
            },
            { weight: 1, arbitrary: fc.constant(null) }, // the checker failed
          )
          .map((findings) => ({ checker, findings })),
      ),
    ),
  ),
});
const stepArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('scans' as const),
      // Two batches at once: concurrent writer transactions append their deltas side by side.
      batches: fc.array(fc.array(scanArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
      copy: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('dismiss' as const), pick: fc.nat(), dismiss: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('classify' as const),
      pick: fc.nat(),
      classification: fc.constantFrom('false_positive' as const, 'accept_risk' as const, null),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('delete-insights' as const), zone: fc.nat(ZONES.length - 1) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete-account' as const), account: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'compact' as const }) },
);

async function seedAccount(pool: Pool, index: number): Promise<void> {
  await pool.query(`INSERT INTO accounts (id, name) VALUES ($1, $2)`, [ACCOUNTS[index], `counts-${index}`]);
  const zones = ZONES.filter((_, i) => i % 2 === index);
  await pool.query(`INSERT INTO zones (id, account_id, name) SELECT id, $1, 'z-' || id FROM unnest($2::uuid[]) AS id`, [
    ACCOUNTS[index],
    zones,
  ]);
}

const FILTERS: InsightFilters[] = [
  { values: [] },
  { values: [{ field: 'status', negate: false, values: ['open'] }] },
  { values: [{ field: 'severity', negate: true, values: ['info', 'low'] }] },
  {
    values: [
      { field: 'checker', negate: false, values: ['dns', 'tls'] },
      { field: 'status', negate: true, values: ['resolved'] },
    ],
  },
];
const SUMMARY_DIMENSIONS = COUNT_DIMENSIONS.filter((by): by is Exclude<CountDimension, 'zone'> => by !== 'zone');

/** Every summary-served count of every account equals the full count over the insights. */
async function expectSummaryEqualsFullCount(pool: Pool): Promise<void> {
  for (const accountId of ACCOUNTS) {
    for (const filters of FILTERS) {
      for (const by of SUMMARY_DIMENSIONS) {
        expect(summaryAnswers({ accountId }, filters, by)).toBe(true);
        const [summary, full] = await Promise.all([
          countInsights(pool, { accountId }, filters, by),
          countInsightsInFull(pool, { accountId }, filters, by),
        ]);
        expect({ accountId, by, filters, counts: summary }).toEqual({ accountId, by, filters, counts: full });
      }
    }
  }
}

describe('insight counts summary (kept by triggers in the writing transaction)', () => {
  const db = useTestDatabase();
  beforeAll(async () => {
    await seedAccount(db.pool, 0);
    await seedAccount(db.pool, 1);
  });

  it('when random writes, triage actions, deletes and compactions interleave, then every summary count equals a full count after each step', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
        run += 1;
        await db.pool.query(
          'TRUNCATE notification_queue, notification_delivery_events, insight_events, insight_audit, insights, scans',
        );
        expect((await db.pool.query('SELECT count(*)::int AS n FROM insight_counts')).rows[0].n).toBe(0);
        let minute = 0;
        for (const step of steps) {
          minute += 1;
          if (step.type === 'scans') {
            await Promise.all(
              step.batches.map((batch, b) =>
                persistScanResults(
                  db.pool,
                  batch.map((spec, i): ScanResult => {
                    const at = new Date(BASE + minute * 60_000 + b * 1000 + i);
                    return {
                      workflowId: `wf-${run}-${minute}-${b}-${i}`,
                      runId: 'r',
                      zoneId: ZONES[spec.zone] as string,
                      lane: 'fast',
                      startedAt: at,
                      finishedAt: at,
                      outcomes: spec.outcomes.map((o): CheckerOutcome =>
                        o.findings === null
                          ? { checker: o.checker, status: 'failed', error: 'timed out' }
                          : {
                              checker: o.checker,
                              status: 'completed',
                              findings: o.findings.map((f) => ({ ...f, title: f.kind, details: {} })),
                            },
                      ),
                    };
                  }),
                  { copyThreshold: step.copy ? 0 : Number.POSITIVE_INFINITY },
                ),
              ),
            );
          } else if (step.type === 'dismiss' || step.type === 'classify') {
            const ids = (await db.pool.query<{ id: string }>('SELECT id::text AS id FROM insights ORDER BY id')).rows;
            const target = ids[step.pick % Math.max(1, ids.length)];
            if (!target) continue;
            if (step.type === 'dismiss')
              await setInsightDismissed(db.pool, null, target.id, { dismiss: step.dismiss, until: null }, 'test');
            else
              await setInsightClassification(
                db.pool,
                null,
                target.id,
                { classification: step.classification, rationale: step.classification ? 'because' : null },
                'test',
              );
          } else if (step.type === 'delete-insights') {
            await db.pool.query('DELETE FROM insights WHERE zone_id = $1', [ZONES[step.zone]]);
          } else if (step.type === 'delete-account') {
            // Cascades through zones to insights; the account comes back empty for later steps.
            await deleteAccount(db.pool, ACCOUNTS[step.account] as string);
            await seedAccount(db.pool, step.account);
          } else {
            expect(await compactInsightCounts(db.pool)).toBeGreaterThanOrEqual(0);
          }
          await expectSummaryEqualsFullCount(db.pool);
        }
        // Compacted, the deltas are gone and the counts unchanged.
        await compactInsightCounts(db.pool);
        expect((await db.pool.query('SELECT count(*)::int AS n FROM insight_count_deltas')).rows[0].n).toBe(0);
        expect((await db.pool.query('SELECT count(*)::int AS n FROM insight_counts WHERE n <= 0')).rows[0].n).toBe(0);
        await expectSummaryEqualsFullCount(db.pool);
      }),
      { numRuns: 30 },
    );
  }, 180_000);

  it('when a count needs a zone, subject or since, then the summary does not answer and the full count does', () => {
    expect(summaryAnswers({ zoneId: ZONES[0] as string }, { values: [] }, 'severity')).toBe(false);
    expect(summaryAnswers({ accountId: ACCOUNTS[0] as string }, { values: [] }, 'zone')).toBe(false);
    expect(
      summaryAnswers(
        { accountId: ACCOUNTS[0] as string },
        { values: [{ field: 'subject', negate: false, values: ['s1'] }] },
        'severity',
      ),
    ).toBe(false);
    expect(
      summaryAnswers(
        { accountId: ACCOUNTS[0] as string },
        { values: [], since: { at: new Date(), negate: false } },
        'kind',
      ),
    ).toBe(false);
  });
});
