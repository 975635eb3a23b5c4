import { describe, expect, it } from 'vitest';
import { DEFAULT_LANE_POLICY, lanePolicyProblem } from '../../libs/domain';

describe('lanePolicyProblem (a scan input from outside)', () => {
  it('when the policy is the default or sets local activities, then it is usable', () => {
    expect(lanePolicyProblem(DEFAULT_LANE_POLICY)).toBeUndefined();
    expect(lanePolicyProblem({ ...DEFAULT_LANE_POLICY, fastLocalActivities: true })).toBeUndefined();
  });

  it.each([
    [null, 'lanePolicy must be an object'],
    ['fast', 'lanePolicy must be an object'],
    [{ ...DEFAULT_LANE_POLICY, fastBudgetMs: 0 }, 'lanePolicy.fastBudgetMs must be a positive number of milliseconds'],
    [
      { ...DEFAULT_LANE_POLICY, slowBudgetMs: Number.NaN },
      'lanePolicy.slowBudgetMs must be a positive number of milliseconds',
    ],
    [
      { ...DEFAULT_LANE_POLICY, fastBudgetMs: 400_000 },
      'lanePolicy.fastBudgetMs must be shorter than lanePolicy.slowBudgetMs',
    ],
    [{ ...DEFAULT_LANE_POLICY, promoteAfter: 1.5 }, 'lanePolicy.promoteAfter must be a whole number ≥ 1'],
    [{ ...DEFAULT_LANE_POLICY, fastLocalActivities: 'yes' }, 'lanePolicy.fastLocalActivities must be true or false'],
    [{ ...DEFAULT_LANE_POLICY, fastFused: 1 }, 'lanePolicy.fastFused must be true or false'],
  ])('when the policy is %j, then the problem says which field and why', (policy, problem) => {
    expect(lanePolicyProblem(policy)).toBe(problem);
  });
});
