import { describe, expect, it } from 'vitest';
import { capClaim, eagerFastLaneWorkflowTasks, inFlightRoom, planClaim, planClaimByPlan } from '../../libs/domain';

describe('inFlightRoom', () => {
  it('is unbounded without a cap, or with a cap of zero or less', () => {
    expect(inFlightRoom(undefined, 10)).toBe(Infinity);
    expect(inFlightRoom(0, 10)).toBe(Infinity);
    expect(inFlightRoom(-5, 10)).toBe(Infinity);
  });

  it('is the cap minus what is in flight, never negative, whole zones only', () => {
    expect(inFlightRoom(100, 30)).toBe(70);
    expect(inFlightRoom(100, 130)).toBe(0);
    expect(inFlightRoom(100.9, 0)).toBe(100);
    expect(inFlightRoom(100, undefined)).toBe(100);
    expect(inFlightRoom(100, -20)).toBe(100);
  });
});

describe('capClaim', () => {
  it('claims all it wants while there is room', () => {
    expect(capClaim(12, 10, 100, 0)).toEqual({ claim: 12, catchUp: 2, heldBack: 0 });
  });

  it('holds back beyond the room, catch-up first', () => {
    expect(capClaim(12, 10, 100, 89)).toEqual({ claim: 11, catchUp: 1, heldBack: 1 });
    expect(capClaim(12, 10, 100, 95)).toEqual({ claim: 5, catchUp: 0, heldBack: 7 });
    expect(capClaim(12, 10, 100, 100)).toEqual({ claim: 0, catchUp: 0, heldBack: 12 });
  });
});

// Both claims must apply the same cap: the per-plan claim with one plan is the uniform claim.
describe('the uniform and the per-plan claim share the cap', () => {
  for (const inFlight of [0, 40, 95, 99, 100, 150]) {
    it(`hold back the same zones with ${inFlight} in flight under a cap of 100`, () => {
      const uniform = planClaim({
        activeZones: 3600,
        frequencySeconds: 360,
        tickSeconds: 1,
        carry: 0,
        overdueZones: 4,
        catchUpFactor: 2,
        maxInFlight: 100,
        inFlight,
      });
      const perPlan = planClaimByPlan({
        plans: [{ plan: 'free', priority: 0, activeZones: 3600, frequencySeconds: 360, overdueZones: 4 }],
        tickSeconds: 1,
        catchUpFactor: 2,
        maxInFlight: 100,
        inFlight,
      });
      expect({ claim: perPlan.claim, catchUp: perPlan.catchUp, heldBack: perPlan.heldBack }).toEqual({
        claim: uniform.claim,
        catchUp: uniform.catchUp,
        heldBack: uniform.heldBack,
      });
      expect(uniform.claim).toBe(Math.min(14, Math.max(0, 100 - inFlight)));
    });
  }
});

describe('eagerFastLaneWorkflowTasks', () => {
  it('when scans start eagerly, then a process gets a slot per scan of its share of the cap, and 16 more', () => {
    expect(eagerFastLaneWorkflowTasks(200, 1)).toBe(216);
    expect(eagerFastLaneWorkflowTasks(200, 4)).toBe(66);
    expect(eagerFastLaneWorkflowTasks(201, 4)).toBe(67);
  });

  it('when the share is small, then the default 20 stays; when it is large or there is no cap, then 1000', () => {
    expect(eagerFastLaneWorkflowTasks(10, 4)).toBe(20);
    expect(eagerFastLaneWorkflowTasks(1000, 1)).toBe(1000);
    expect(eagerFastLaneWorkflowTasks(1_000_000, 2)).toBe(1000);
    expect(eagerFastLaneWorkflowTasks(0, 1)).toBe(1000);
  });

  it('when the process count is not positive, then it counts as one', () => {
    expect(eagerFastLaneWorkflowTasks(100, 0)).toBe(116);
  });
});
