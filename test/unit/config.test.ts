import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../libs/config';
import { configProblemsOf as problemsOf } from '../support/config-problems';

describe('loadConfig', () => {
  it('when the environment is empty, then the embedded defaults apply and the object is frozen', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.scheduler.frequencySeconds).toBe(900);
    expect(config.api.port).toBe(3000);
    expect(config.workerLanes).toEqual(['scheduler', 'fast', 'slow']);
    expect(Object.isFrozen(config.scheduler)).toBe(true);
  });

  it('when values are given, then they are parsed explicitly', () => {
    const config = loadConfig({
      SCAN_FREQUENCY: '1h30m',
      API_PORT: '8080',
      WORKER_LANES: 'fast, slow',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config.scheduler.frequencySeconds).toBe(5400);
    expect(config.api.port).toBe(8080);
    expect(config.workerLanes).toEqual(['fast', 'slow']);
    expect(config.temporal.address).toBe('temporal:7233');
  });

  it('when the insight writer variables are given, then the threshold and group-commit bounds are read, the wait in milliseconds', () => {
    expect(loadConfig({}).persist).toEqual({ copyThreshold: 1000, groupMaxRows: 5000, groupMaxWaitMs: 10 });
    const config = loadConfig({
      PERSIST_COPY_THRESHOLD: '0',
      PERSIST_GROUP_MAX_ROWS: '200',
      PERSIST_GROUP_MAX_WAIT: '250ms',
    });
    expect(config.persist).toEqual({ copyThreshold: 0, groupMaxRows: 200, groupMaxWaitMs: 250 });
    expect(problemsOf({ PERSIST_GROUP_MAX_ROWS: '0' })[0]).toContain(
      'PERSIST_GROUP_MAX_ROWS="0" 0 is outside 1..1000000',
    );
  });

  it('when FAST_LANE_LOCAL_ACTIVITIES is set, then only true or false are accepted', () => {
    expect(loadConfig({}).lanes.policy.fastLocalActivities).toBe(true);
    expect(loadConfig({ FAST_LANE_LOCAL_ACTIVITIES: 'true' }).lanes.policy.fastLocalActivities).toBe(true);
    expect(loadConfig({ FAST_LANE_LOCAL_ACTIVITIES: 'false' }).lanes.policy.fastLocalActivities).toBe(false);
    expect(problemsOf({ FAST_LANE_LOCAL_ACTIVITIES: 'yes' })[0]).toContain(
      'FAST_LANE_LOCAL_ACTIVITIES="yes" must be true or false',
    );
  });

  it('when FAST_LANE_FUSED is set, then only true or false are accepted; it is on unless set to false', () => {
    expect(loadConfig({}).lanes.policy.fastFused).toBe(true);
    expect(loadConfig({ FAST_LANE_FUSED: '' }).lanes.policy.fastFused).toBe(true);
    expect(loadConfig({ FAST_LANE_FUSED: 'true' }).lanes.policy.fastFused).toBe(true);
    expect(loadConfig({ FAST_LANE_FUSED: 'false' }).lanes.policy.fastFused).toBe(false);
    expect(problemsOf({ FAST_LANE_FUSED: 'on' })[0]).toContain('FAST_LANE_FUSED="on" must be true or false');
  });

  it('when lane settings are given, then budgets are milliseconds and each lane has its own slots', () => {
    const config = loadConfig({
      FAST_LANE_BUDGET: '1500ms',
      SLOW_LANE_BUDGET: '2m',
      LANE_PROMOTE_AFTER: '5',
      FAST_LANE_CONCURRENCY: '8',
      SLOW_LANE_WORKFLOW_TASKS: '4',
    });
    expect(config.lanes).toEqual({
      policy: {
        fastBudgetMs: 1500,
        slowBudgetMs: 120_000,
        promoteAfter: 5,
        fastLocalActivities: true,
        fastFused: true,
      },
      // FAST_LANE_WORKFLOW_TASKS unset, eager start on: sized from SCHEDULER_MAX_IN_FLIGHT (1000).
      fast: { activities: 8, workflowTasks: 1000 },
      slow: { activities: 100, workflowTasks: 4 },
    });
  });

  it('when FAST_LANE_WORKFLOW_TASKS is unset, then eager start sizes it from the cap per claim partition, and without eager start it is 20', () => {
    const fastSlots = (env: NodeJS.ProcessEnv) => loadConfig(env).lanes.fast.workflowTasks;
    expect(fastSlots({ SCHEDULER_MAX_IN_FLIGHT: '200' })).toBe(216);
    expect(fastSlots({ SCHEDULER_MAX_IN_FLIGHT: '200', SCHEDULER_CLAIM_PARTITIONS: '4' })).toBe(66);
    expect(fastSlots({ SCHEDULER_MAX_IN_FLIGHT: '200', SCHEDULER_EAGER_START: 'false' })).toBe(20);
    expect(fastSlots({ SCHEDULER_MAX_IN_FLIGHT: '200', FAST_LANE_WORKFLOW_TASKS: '30' })).toBe(30);
    expect(fastSlots({ SCHEDULER_MAX_IN_FLIGHT: '0' })).toBe(1000);
  });

  it.each([
    [{ SCAN_FREQUENCY: 'often' }, 'SCAN_FREQUENCY="often" "often" is not a duration'],
    [{ SCAN_FREQUENCY: '1s' }, 'SCAN_FREQUENCY="1s" "1s" is outside 10s'],
    [{ API_PORT: 'eighty' }, 'API_PORT="eighty" "eighty" is not a whole number'],
    [{ API_PORT: '70000' }, 'API_PORT="70000" 70000 is outside 0..65535'],
    [{ DB_POOL_SIZE: '1.5' }, 'DB_POOL_SIZE="1.5" "1.5" is not a whole number'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a URL'],
    [{ DATABASE_URL: 'mysql://h/db' }, 'DATABASE_URL has scheme "mysql:"'],
    [{ DATABASE_URL: 'postgres://host' }, 'DATABASE_URL needs a host and a database name'],
    [{ TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS="localhost" "localhost" is not host:port'],
    [{ WORKER_LANES: 'fast,medium' }, 'WORKER_LANES="fast,medium" unknown lane(s) "medium"'],
    [{ TASK_QUEUE_PREFIX: 'Bad Prefix' }, 'TASK_QUEUE_PREFIX="Bad Prefix" must be lower-case'],
    [{ FAST_LANE_BUDGET: 'quick' }, 'FAST_LANE_BUDGET="quick" "quick" is not a duration'],
    [{ FAST_LANE_WORKFLOW_TASKS: '1' }, 'FAST_LANE_WORKFLOW_TASKS="1" 1 is outside 2..1000'],
    [{ SLOW_LANE_CONCURRENCY: '0' }, 'SLOW_LANE_CONCURRENCY="0" 0 is outside 1..10000'],
    [{ LANE_PROMOTE_AFTER: 'x' }, 'LANE_PROMOTE_AFTER="x" "x" is not a whole number'],
    [
      { FAST_LANE_BUDGET: '10m', SLOW_LANE_BUDGET: '5m' },
      'FAST_LANE_BUDGET (600s) must be shorter than SLOW_LANE_BUDGET (300s)',
    ],
  ])('when %j, then the error names the variable and the reason', (env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('when several variables are bad, then every one is reported', () => {
    const problems = problemsOf({ API_PORT: 'x', SCAN_FREQUENCY: 'y' });
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['API_PORT', 'SCAN_FREQUENCY']);
  });

  it('when DATABASE_URL is bad, then its value (a secret) is not echoed', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'postgres://user:hunter2@' });
    expect(problem).not.toContain('hunter2');
  });
});
