import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../libs/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('worker versioning configuration', () => {
  it('when nothing is set, then versioning is off', () => {
    const { worker } = loadConfig({});
    expect(worker.deploymentName).toBeUndefined();
    expect(worker.buildId).toBeUndefined();
  });

  it('when a deployment name and build id are set, then both are read', () => {
    const { worker } = loadConfig({ WORKER_DEPLOYMENT_NAME: 'security-insights', WORKER_BUILD_ID: '2024.12.1+a1b2' });
    expect(worker).toMatchObject({ deploymentName: 'security-insights', buildId: '2024.12.1+a1b2' });
  });

  it.each([
    [{ WORKER_DEPLOYMENT_NAME: 'security.insights' }, 'WORKER_DEPLOYMENT_NAME="security.insights" must be'],
    [{ WORKER_DEPLOYMENT_NAME: 'a:b' }, 'Temporal forbids "." and ":"'],
    [{ WORKER_DEPLOYMENT_NAME: 'si', WORKER_BUILD_ID: '__b1' }, 'WORKER_BUILD_ID="__b1" must be'],
    [{ WORKER_DEPLOYMENT_NAME: 'si', WORKER_BUILD_ID: 'b 1' }, 'WORKER_BUILD_ID="b 1" must be'],
    [{ WORKER_BUILD_ID: 'b1' }, 'WORKER_BUILD_ID="b1" is set but WORKER_DEPLOYMENT_NAME is not'],
  ])('when %j, then the error names the variable and the rule', (env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });
});
