import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ERROR_TYPES } from '../../libs/domain';
import { laneTaskQueue, type ScanZoneInput, SCAN_ZONE_WORKFLOW, type ScanZoneWorkflow } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('scanZone persisting through the group committer', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db, ['fast']);

  const scanZone = (input: ScanZoneInput, id: string) =>
    temporal.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      taskQueue: laneTaskQueue(temporal.prefix, 'fast'),
      workflowId: id,
      args: [input],
    });

  it('when scans run together and one zone was deleted meanwhile, then only that scan fails, non-retryably, as ScanResultRejected', async () => {
    const { accountId, zoneIds, names } = await buildAccountWithZones(db.pool, { count: 4 });
    await db.pool.query('DELETE FROM zones WHERE id = $1', [zoneIds[1]]);
    const settled = await Promise.allSettled(
      zoneIds.map((zoneId, i) =>
        scanZone(
          { zoneId, accountId, zoneName: names[i] as string, lane: 'fast', checkers: ['synthetic'] },
          `persist-test:${zoneId}`,
        ),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = (settled[1] as PromiseRejectedResult).reason as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    // A regular activity's failure arrives wrapped in ActivityFailure; a local activity's
    // (the fast lane's default) as the ApplicationFailure itself.
    const cause = (
      failure.cause instanceof ActivityFailure ? failure.cause.cause : failure.cause
    ) as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(ERROR_TYPES.scanResultRejected);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain(`zone ${zoneIds[1]} no longer exists`);
    const scans = await db.pool.query<{ zone_id: string; workflow_id: string }>(
      'SELECT zone_id, workflow_id FROM scans ORDER BY zone_id',
    );
    const expected = [zoneIds[0], zoneIds[2], zoneIds[3]].sort() as string[];
    expect(scans.rows).toEqual(expected.map((zoneId) => ({ zone_id: zoneId, workflow_id: `persist-test:${zoneId}` })));
  });
});
