import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPlan, DEFAULT_SYNTHETIC_OPTIONS } from '../../libs/checkers';
import { schedulerWorkflowId, schedulerStatusQuery } from '../../libs/contract';
import { useTestApi } from '../support/api';
import { buildAccountWithZones } from '../support/factories';
import { eventually, useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { schedulerControlFor } from '../support/scheduler';

describe('one scheduler tick, end to end', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);
  const api = useTestApi(db);
  let baseUrl: string;
  let auth: { headers: { authorization: string } };

  beforeAll(() => {
    baseUrl = api.url;
    auth = { headers: { authorization: `Bearer ${api.adminKey.token}` } };
  });

  it('when zones are due, then one tick scans each of them once and the API serves their insights', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 4 });
    // Tick = frequency: the first tick's claim is the whole active set (4 / 30 s × 30 s), and
    // the next tick is 30 s away, so every scan seen here comes from that one tick.
    await schedulerControlFor(temporal).ensureRunning({
      taskQueuePrefix: temporal.prefix,
      frequencySeconds: 30,
      tickSeconds: 30,
      startSpreadSeconds: 0,
      checkers: ['synthetic'],
    });

    const scans = await eventually(
      async () => {
        const result = await db.pool.query<{
          zone_id: string;
          workflow_id: string;
          lane: string;
          outcome: string;
          insight_count: number;
        }>('SELECT zone_id, workflow_id, lane, outcome, insight_count FROM scans ORDER BY zone_id');
        return new Set(result.rows.map((r) => r.zone_id)).size === zoneIds.length ? result.rows : undefined;
      },
      45_000,
      'a scan of every zone',
    );

    expect(scans).toHaveLength(4);
    expect(new Set(scans.map((s) => s.workflow_id.split(':')[2])).size).toBe(1);
    for (const scan of scans) {
      expect(scan.workflow_id).toMatch(new RegExp(`^scan:${scan.zone_id}:\\d+$`));
      expect(scan.lane).toBe('fast');
      expect(scan.outcome).toBe('completed');
    }

    // Read back through the API: each zone's insights are exactly the synthetic plan's findings.
    for (const [index, zoneId] of zoneIds.entries()) {
      const response = await fetch(`${baseUrl}/zones/${zoneId}/insights`, auth);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        result: Array<{ kind: string; subject: string; status: string; checker: string }>;
      };
      const expected = syntheticPlan(names[index] as string, DEFAULT_SYNTHETIC_OPTIONS).findings;
      expect(body.result.map((i) => `${i.kind} ${i.subject}`).sort()).toEqual(
        expected.map((f) => `${f.kind} ${f.subject}`).sort(),
      );
      expect(body.result.every((i) => i.status === 'open' && i.checker === 'synthetic')).toBe(true);
    }

    // The scan workflows carry the search attributes the Temporal UI filters by.
    const zoneId = zoneIds[0] as string;
    const listed = await eventually(
      async () => {
        const found = [];
        for await (const execution of temporal.client.workflow.list({
          query: `WorkflowType = 'scanZone' AND ZoneId = '${zoneId}'`,
        })) {
          found.push(execution);
        }
        return found.length > 0 ? found : undefined;
      },
      15_000,
      'the visibility store to list the zone scan',
    );
    expect(listed[0]?.searchAttributes).toMatchObject({ ZoneId: [zoneId], AccountId: [accountId], Lane: ['fast'] });

    const scheduler = temporal.client.workflow.getHandle(schedulerWorkflowId(temporal.prefix));
    const status = await eventually(
      async () => {
        const current = await scheduler.query(schedulerStatusQuery);
        return current.ticks > 0 ? current : undefined;
      },
      10_000,
      'the scheduler to report its tick',
    );
    expect(status.activeZones).toBe(4);
    expect(status.ticks).toBe(1);
    expect(status.lastTickClaimed).toBe(4);
    await scheduler.terminate('test over');
  });

  it('when a zone id is not a UUID or does not exist, then the API answers 400 or 404', async () => {
    expect((await fetch(`${baseUrl}/zones/not-a-uuid/insights`, auth)).status).toBe(400);
    expect((await fetch(`${baseUrl}/zones/00000000-0000-4000-8000-000000000000/insights`, auth)).status).toBe(404);
    expect((await fetch(`${baseUrl}/zones/00000000-0000-4000-8000-000000000000/insights?limit=abc`, auth)).status).toBe(
      400,
    );
    const live = await fetch(`${baseUrl}/health/live`);
    expect(await live.json()).toEqual({ status: 'ok' });
  });
});
