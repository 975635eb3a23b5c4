import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { useTestDatabase } from '../../support/test-database';

describe('insight pagination (keyset, opaque cursor)', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);

  it('when rows are inserted while a client walks the pages, then it sees every pre-existing row exactly once', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 2 });
    const token = (await api.keyFor(accountId)).token;
    const before = await buildInsights(
      db.pool,
      zoneIds[0] as string,
      Array.from({ length: 230 }, (_, i) => ({ subject: `s-${i}`, severity: i % 2 ? 'high' : 'low' })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api.request(
        token,
        'GET',
        `/accounts/${accountId}/insights?limit=25${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.result.map((r: { id: string }) => r.id));
      cursor = page.json.result_info.cursor;
      // Concurrent writers: new insights on both zones between every page.
      await buildInsights(db.pool, zoneIds[pages % 2] as string, [
        { subject: `new-${pages}-a` },
        { subject: `new-${pages}-b` },
      ]);
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id)).sort()).toEqual([...before].sort());
    expect(pages).toBe(Math.ceil(230 / 25));
  });

  it('when a filtered list spans pages, then pages follow the filter and the last page has no cursor', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const token = (await api.keyFor(accountId)).token;
    await buildInsights(
      db.pool,
      zoneIds[0] as string,
      Array.from({ length: 30 }, (_, i) => ({ subject: `f-${i}`, severity: i < 12 ? 'critical' : 'info' })),
    );
    const first = await api.request(token, 'GET', `/accounts/${accountId}/insights?severity=critical&limit=10`);
    expect(first.json.result).toHaveLength(10);
    const second = await api.request(
      token,
      'GET',
      `/accounts/${accountId}/insights?severity=critical&limit=10&cursor=${first.json.result_info.cursor}`,
    );
    expect(second.json.result.map((r: { severity: string }) => r.severity)).toEqual(['critical', 'critical']);
    expect(second.json.result_info.cursor).toBeNull();
  });
});
