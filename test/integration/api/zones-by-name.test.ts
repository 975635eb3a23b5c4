import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

interface ZonePage {
  result: Array<{ id: string; name: string; status: string }>;
  result_info: { count: number; per_page: number; total_count: number; cursor: string | null };
}

describe('zones by name, with a total and a cursor; scan-now on zones that are not scanned', () => {
  const db = useTestDatabase();
  // Temporal is unreachable here: scan-now of an active zone answers 503, which tells it from 409.
  const api = useTestApi(db);

  it('when zones are looked up by exact name or by prefix, then only those match, with their total', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 3, prefix: 'shop' });
    await buildAccountWithZones(db.pool, { count: 2, prefix: 'blog' });
    const token = (await api.keyFor(accountId)).token;
    const exact = (await api.request(token, 'GET', '/zones?name=Shop-1.Example.COM')).json as ZonePage;
    expect(exact.result.map((z) => z.name)).toEqual(['shop-1.example.com']);
    expect(exact.result_info.total_count).toBe(1);
    const prefix = (await api.request(api.adminKey.token, 'GET', '/zones?name_prefix=shop-')).json as ZonePage;
    expect(prefix.result.map((z) => z.name)).toEqual([
      'shop-0.example.com',
      'shop-1.example.com',
      'shop-2.example.com',
    ]);
    expect(prefix.result_info.total_count).toBe(3);
    const none = (await api.request(token, 'GET', '/zones?name_prefix=blog-')).json as ZonePage;
    expect([none.result, none.result_info.total_count]).toEqual([[], 0]);
    const bad = await api.request(token, 'GET', '/zones?name_prefix=shop%25');
    expect([bad.status, bad.json.errors[0].field]).toEqual([400, 'name_prefix']);
  });

  it('when an account’s zones are walked with the cursor while a zone is added behind it, then every zone comes once, in name order, and each page’s total counts the account’s zones then', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 7, prefix: 'walk' });
    const token = (await api.keyFor(accountId)).token;
    const seen: string[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (
        await api.request(token, 'GET', `/accounts/${accountId}/zones?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json as ZonePage;
      seen.push(...page.result.map((z) => z.name));
      totals.add(page.result_info.total_count);
      cursor = page.result_info.cursor;
      if (pages++ === 0)
        await db.pool.query(`INSERT INTO zones (account_id, name) VALUES ($1, 'aaa-before-the-cursor.example.com')`, [
          accountId,
        ]);
    } while (cursor && pages < 10);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `walk-${i}.example.com`));
    expect([...totals]).toEqual([7, 8]);
    const forged = await api.request(token, 'GET', `/accounts/${accountId}/zones?cursor=not-ours`);
    expect([forged.status, forged.json.errors[0].field]).toEqual([400, 'cursor']);
  });

  it('when scan-now names a paused or a deleted zone, then 409 says why and how to fix it; an active zone goes on to the scheduler', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 3 });
    const [active, paused, deleted] = zoneIds as [string, string, string];
    const token = (await api.keyFor(accountId)).token;
    await api.request(token, 'PATCH', `/zones/${paused}`, { status: 'paused' });
    await api.request(token, 'DELETE', `/zones/${deleted}`);
    const onPaused = await api.request(token, 'POST', `/zones/${paused}/scan`);
    expect([onPaused.status, onPaused.json.errors[0].field]).toEqual([409, 'zoneId']);
    expect(onPaused.json.errors[0].message).toContain(
      `zone ${paused} is paused, so it is not scanned; resume it first`,
    );
    const onDeleted = await api.request(token, 'POST', `/zones/${deleted}/scan`);
    expect(onDeleted.status).toBe(409);
    expect(onDeleted.json.errors[0].message).toContain(`zone ${deleted} is deleted`);
    expect((await api.request(token, 'POST', `/zones/${active}/scan`)).status).toBe(503);
    // Another account's deleted zone is still a 404: 409 tells its reason only to the owner.
    const stranger = (await api.keyFor((await buildAccountWithZones(db.pool, { count: 0 })).accountId)).token;
    expect((await api.request(stranger, 'POST', `/zones/${deleted}/scan`)).status).toBe(404);
  });
});
