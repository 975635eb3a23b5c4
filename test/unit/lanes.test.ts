import { describe, expect, it } from 'vitest';
import {
  checkRetryDelayMs,
  heartbeatThrottleMs,
  nextLaneState,
  observeLane,
  type LaneObservation,
} from '../../libs/domain';
import { parseLaneTaskQueue } from '../../libs/contract';

const policy = { fastBudgetMs: 2_000, slowBudgetMs: 60_000, promoteAfter: 3 };
const within: LaneObservation = { overranFast: false, withinFastBudget: true, promoteAfter: 3 };
const notWithin: LaneObservation = { overranFast: false, withinFastBudget: false, promoteAfter: 3 };
const overran: LaneObservation = { overranFast: true, withinFastBudget: false, promoteAfter: 3 };

describe('lane moves', () => {
  it('when checks overrun the fast budget, then the zone goes slow with no streak, whatever it was', () => {
    expect(nextLaneState({ laneHint: 'fast', slowStreak: 0 }, overran)).toEqual({ laneHint: 'slow', slowStreak: 0 });
    expect(nextLaneState({ laneHint: 'slow', slowStreak: 2 }, overran)).toEqual({ laneHint: 'slow', slowStreak: 0 });
  });

  it('when a slow zone has K consecutive scans within the fast budget, then it returns to fast', () => {
    let state = nextLaneState({ laneHint: 'slow', slowStreak: 0 }, within);
    expect(state).toEqual({ laneHint: 'slow', slowStreak: 1 });
    state = nextLaneState(state, within);
    expect(state).toEqual({ laneHint: 'slow', slowStreak: 2 });
    expect(nextLaneState(state, within)).toEqual({ laneHint: 'fast', slowStreak: 0 });
  });

  it('when a slow zone has a scan beyond the fast budget, then its streak starts again', () => {
    expect(nextLaneState({ laneHint: 'slow', slowStreak: 2 }, notWithin)).toEqual({ laneHint: 'slow', slowStreak: 0 });
  });

  it('when a fast zone scans within or beyond the budget without overrunning, then nothing changes', () => {
    expect(nextLaneState({ laneHint: 'fast', slowStreak: 0 }, within)).toEqual({ laneHint: 'fast', slowStreak: 0 });
    expect(nextLaneState({ laneHint: 'fast', slowStreak: 0 }, notWithin)).toEqual({ laneHint: 'fast', slowStreak: 0 });
  });

  it('when checks completed within the fast budget, then the scan counts as fast; a failed check or a longer run does not', () => {
    expect(observeLane({ overranFast: false, allCompleted: true, checksElapsedMs: 2_000, policy })).toEqual({
      overranFast: false,
      withinFastBudget: true,
      promoteAfter: 3,
    });
    expect(
      observeLane({ overranFast: false, allCompleted: true, checksElapsedMs: 2_001, policy }).withinFastBudget,
    ).toBe(false);
    expect(observeLane({ overranFast: false, allCompleted: false, checksElapsedMs: 10, policy }).withinFastBudget).toBe(
      false,
    );
    expect(observeLane({ overranFast: true, allCompleted: true, checksElapsedMs: 10, policy })).toEqual({
      overranFast: true,
      withinFastBudget: false,
      promoteAfter: 3,
    });
  });
});

describe('lane names and timing', () => {
  it('when a task queue is a lane queue, then its prefix and lane are read back; otherwise undefined', () => {
    expect(parseLaneTaskQueue('security-insights-fast')).toEqual({ prefix: 'security-insights', lane: 'fast' });
    expect(parseLaneTaskQueue('t-1a2b-slow')).toEqual({ prefix: 't-1a2b', lane: 'slow' });
    expect(parseLaneTaskQueue('security-insights-scheduler')).toBeUndefined();
    expect(parseLaneTaskQueue('-fast')).toBeUndefined();
  });

  it('when the budget is short or long, then the heartbeat gap is an eighth of it within 100 ms … 2 s', () => {
    expect(heartbeatThrottleMs(3_000)).toBe(375);
    expect(heartbeatThrottleMs(400)).toBe(100);
    expect(heartbeatThrottleMs(300_000)).toBe(2_000);
  });

  it('when checks are retried, then the pause doubles from 100 ms on fast and 2 s on slow', () => {
    expect([1, 2, 3].map((a) => checkRetryDelayMs('fast', a))).toEqual([100, 200, 400]);
    expect([1, 2].map((a) => checkRetryDelayMs('slow', a))).toEqual([2_000, 4_000]);
  });
});
