import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { ensureQuietTestScheduler } from '../../support/scheduler';
import { useTestWorkers } from '../../support/temporal';
import { useTestDatabase } from '../../support/test-database';

describe('plans through the API', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db, ['scheduler']);
  beforeAll(async () => {
    await ensureQuietTestScheduler(temporal, { maxFrequencySeconds: 30 * 86_400 });
  });
  const api = useTestApi(db, () => ({ env: { TASK_QUEUE_PREFIX: temporal.prefix }, temporalClient: temporal.client }));

  it('when an admin creates an account on a plan and moves it, then its zones follow and read back with the plan', async () => {
    const created = await api.request(api.adminKey.token, 'POST', '/accounts', { name: 'Plan Corp', plan: 'pro' });
    expect([created.status, created.json.result.plan]).toEqual([201, 'pro']);
    const accountId = created.json.result.id as string;
    const zone = await api.request(api.adminKey.token, 'POST', `/accounts/${accountId}/zones`, {
      name: 'plan.example.com',
    });
    expect(zone.json.result).toMatchObject({ plan: 'pro', planOverride: null });

    const moved = await api.request(api.adminKey.token, 'PUT', `/accounts/${accountId}/plan`, { plan: 'enterprise' });
    expect(moved.json.result).toEqual({ id: accountId, plan: 'enterprise', zonesMoved: 1 });
    const own = await api.request(api.adminKey.token, 'PUT', `/zones/${zone.json.result.id}/plan`, { plan: 'free' });
    expect(own.json.result).toMatchObject({ plan: 'free', planOverride: 'free' });
    const back = await api.request(api.adminKey.token, 'PUT', `/zones/${zone.json.result.id}/plan`, { plan: null });
    expect(back.json.result).toMatchObject({ plan: 'enterprise', planOverride: null });
  });

  it('when a plan is unknown or malformed, then 400 names the plan field and the known plans', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const unknown = await api.request(api.adminKey.token, 'PUT', `/accounts/${accountId}/plan`, { plan: 'gold' });
    expect([unknown.status, unknown.json.errors[0].field]).toEqual([400, 'plan']);
    expect(unknown.json.errors[0].message).toContain(
      'plan "gold" does not exist; known plans: enterprise, business, pro, free',
    );
    const malformed = await api.request(api.adminKey.token, 'PUT', `/accounts/${accountId}/plan`, { plan: 'Gold!' });
    expect(malformed.status).toBe(400);
    const token = (await api.keyFor(accountId)).token;
    expect((await api.request(token, 'PUT', `/accounts/${accountId}/plan`, { plan: 'enterprise' })).status).toBe(403);
  });

  it.each([
    [{ plans: { enterprise: 'soon' } }, 'plans.enterprise: "soon" is not a duration'],
    [{ plans: { enterprise: '5s' } }, 'plans.enterprise: "5s" is below the minimum; allowed: 10s to 30d'],
    // Within the API's range (10s..30d) but not this workflow's own (1m..30d): the workflow's message.
    [
      { plans: { enterprise: '10s' } },
      'plans.enterprise: frequencySeconds 10 is below the minimum; allowed: 1m to 30d',
    ],
    [{ plans: { gold: '1h' } }, 'plan "gold" does not exist; known plans: enterprise, business, pro, free'],
    [{ plans: {} }, 'plans must name at least one plan'],
    [{ plans: { free: '1d' }, frequency: '1h' }, 'give either frequency (every plan) or plans (per plan), not both'],
  ])('when the per-plan body is %j, then 400 says why', async (body, reason) => {
    const response = await api.request(api.adminKey.token, 'PUT', '/scheduler/frequency', body);
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'plans']);
    expect(response.json.errors[0].message).toContain(reason);
  });

  it('when an admin sets enterprise hourly, then the scheduler switches to plans mode and reports it', async () => {
    const response = await api.request(api.adminKey.token, 'PUT', '/scheduler/frequency', {
      plans: { enterprise: '1h' },
    });
    expect(response.status).toBe(200);
    expect(response.json.result).toMatchObject({ frequencyMode: 'plans', planFrequencies: { enterprise: 3600 } });
    const plans = await api.request(api.adminKey.token, 'GET', '/scheduler/plans');
    expect(plans.json.result.map((p: { name: string }) => p.name)).toEqual(['enterprise', 'business', 'pro', 'free']);
  });
});
