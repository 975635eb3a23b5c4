import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { SchedulerActivities } from '../activities';
import { laneTaskQueue, scanWorkflowId } from '../libs/domain';
import { accountIdKey, laneKey, schedulerStatusQuery, zoneIdKey, type SchedulerInput, type SchedulerStatus } from './definitions';
import { scanZone } from './scan-zone.workflow';

const { claimTick } = proxyActivities<SchedulerActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '10s' },
});

/**
 * The one scheduler of a deployment. Each tick, on a durable timer, it claims
 * `active zones / frequency × tick` of the stalest due zones and starts one `scanZone` per
 * zone on the zone's lane. Children are abandoned on close: a scan outlives a scheduler that
 * continues as new.
 */
export async function scanScheduler(input: SchedulerInput): Promise<void> {
  let carry = input.carry ?? 0;
  const status: SchedulerStatus = {
    frequencySeconds: input.frequencySeconds,
    tickSeconds: input.tickSeconds,
    ratePerSecond: 0,
    activeZones: 0,
    lastTickAt: null,
    lastTickClaimed: 0,
    ticks: input.ticks ?? 0,
  };
  setHandler(schedulerStatusQuery, () => status);

  for (;;) {
    // Workflow time is deterministic and unique per tick, even across scheduler restarts.
    const tickId = String(Date.now());
    const tick = await claimTick({ tickId, frequencySeconds: input.frequencySeconds, tickSeconds: input.tickSeconds, carry });
    carry = tick.carry;
    await Promise.all(
      tick.zones.map(async (zone) => {
        try {
          await startChild(scanZone, {
            workflowId: scanWorkflowId(zone.id, tickId),
            taskQueue: laneTaskQueue(input.taskQueuePrefix, zone.lane),
            args: [{ zoneId: zone.id, accountId: zone.accountId, zoneName: zone.name, lane: zone.lane, checkers: input.checkers }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: [
              { key: zoneIdKey, value: zone.id },
              { key: accountIdKey, value: zone.accountId },
              { key: laneKey, value: zone.lane },
            ],
          });
        } catch (error) {
          // Already started by an earlier attempt of this tick: that scan is under way.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }),
    );
    Object.assign(status, {
      ratePerSecond: tick.ratePerSecond,
      activeZones: tick.activeZones,
      lastTickAt: Date.now(),
      lastTickClaimed: tick.zones.length,
      ticks: status.ticks + 1,
    });
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof scanScheduler>({ ...input, carry, ticks: status.ticks });
    }
    await sleep(input.tickSeconds * 1000);
  }
}
