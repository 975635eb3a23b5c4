import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ScanActivities } from '../activities';
import { ERROR_TYPES } from '../libs/domain';
import type { ScanZoneInput, ScanZoneResult } from './definitions';

const { runCheckers } = proxyActivities<ScanActivities>({
  startToCloseTimeout: '60s',
  heartbeatTimeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
});

const { persistScan } = proxyActivities<ScanActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [ERROR_TYPES.invalidScanResult, ERROR_TYPES.scanResultRejected] },
});

/** One scan of one zone: run its checkers on this lane, then persist the findings. */
export async function scanZone(input: ScanZoneInput): Promise<ScanZoneResult> {
  const startedAtMs = Date.now();
  const outcomes = await runCheckers({ zoneId: input.zoneId, zoneName: input.zoneName, checkers: input.checkers });
  const { workflowId, runId } = workflowInfo();
  const { insightCount } = await persistScan({ zoneId: input.zoneId, workflowId, runId, lane: input.lane, startedAtMs, outcomes });
  return { insightCount, outcomes: outcomes.map(({ checker, status }) => ({ checker, status })) };
}
