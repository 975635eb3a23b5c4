import { beforeAll, describe, expect, it } from 'vitest';
import { persistScanResult } from '../../../libs/db';
import type { Finding } from '../../../libs/domain';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildFinding, buildScan } from '../../support/scan-builders';
import { useTestDatabase } from '../../support/test-database';

describe('zone grades in the API', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let token: string;
  let accountId: string;
  let zoneIds: string[];
  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const scanOf = (zoneId: string, findings: Finding[], at: Date) =>
    persistScanResult(db.pool, buildScan(zoneId, [{ checker: 'http', status: 'completed', findings }], at), {
      copyThreshold: 1000,
    });

  beforeAll(async () => {
    ({ accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 4 }));
    token = (await api.keyFor(accountId)).token;
    const [good, fair, bad] = zoneIds as [string, string, string, string];
    await scanOf(good, [], t(1));
    await scanOf(fair, [buildFinding('hsts-missing', { severity: 'moderate' })], t(1));
    await scanOf(fair, [buildFinding('hsts-missing'), buildFinding('csp-missing', { severity: 'high' })], t(2));
    await scanOf(bad, [buildFinding('tls-cert-expired', { severity: 'critical' })], t(1));
    // zoneIds[3] is never scanned: not graded.
  });

  it('when a zone is read, then it shows its grade, what the grade is made of and the grade of each scan', async () => {
    const response = await api.request(token, 'GET', `/zones/${zoneIds[1]}`);
    expect(response.status).toBe(200);
    expect(response.json.result).toMatchObject({
      grade: 'B',
      score: 70,
      gradedAt: t(2).toISOString(),
      gradeDeductions: [
        { kind: 'csp-missing', severity: 'high', points: 20 },
        { kind: 'hsts-missing', severity: 'moderate', points: 10 },
      ],
      gradeCappedBy: null,
    });
    expect(response.json.result.scans.map((s: { grade: string; score: number }) => [s.grade, s.score])).toEqual([
      ['B', 70],
      ['A', 90],
    ]);
  });

  it('when a zone has an open critical insight, then the detail says which one capped its grade', async () => {
    const response = await api.request(token, 'GET', `/zones/${zoneIds[2]}`);
    expect(response.json.result).toMatchObject({ grade: 'D', score: 39, gradeCappedBy: 'tls-cert-expired' });
  });

  it('when zones are listed by grade, then best come first (or worst with -grade) and ungraded zones last', async () => {
    const names = async (sort: string) =>
      (await api.request(token, 'GET', `/accounts/${accountId}/zones?sort=${sort}`)).json.result.map(
        (z: { id: string; grade: string | null }) => [zoneIds.indexOf(z.id), z.grade],
      );
    expect(await names('grade')).toEqual([
      [0, 'A+'],
      [1, 'B'],
      [2, 'D'],
      [3, null],
    ]);
    expect(await names('-grade')).toEqual([
      [2, 'D'],
      [1, 'B'],
      [0, 'A+'],
      [3, null],
    ]);
    const all = await api.request(api.adminKey.token, 'GET', `/zones?sort=-grade&limit=1`);
    expect(all.json.result.map((z: { grade: string }) => z.grade)).toEqual(['D']);
  });

  it('when the sort is unknown, then 400 names the query field and the allowed values', async () => {
    const response = await api.request(token, 'GET', `/accounts/${accountId}/zones?sort=score`);
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'sort']);
    expect(response.json.errors[0].message).toContain('must be one of name, recent, grade, -grade');
  });

  it('when zones are paged one at a time in each order, then the pages together list every zone once, in that order, and a cursor of another order is refused', async () => {
    for (const sort of ['name', 'recent', 'grade', '-grade']) {
      const whole = (await api.request(token, 'GET', `/accounts/${accountId}/zones?sort=${sort}`)).json.result.map(
        (z: { id: string }) => z.id,
      );
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await api.request(token, 'GET', `/accounts/${accountId}/zones?${query}`);
        expect(page.status).toBe(200);
        paged.push(...page.json.result.map((z: { id: string }) => z.id));
        cursor = page.json.result_info.cursor;
        if (cursor && sort === 'grade') {
          const wrong = await api.request(token, 'GET', `/accounts/${accountId}/zones?sort=name&cursor=${cursor}`);
          expect([wrong.status, wrong.json.errors[0].field]).toEqual([400, 'cursor']);
        }
      } while (cursor);
      expect({ sort, paged }).toEqual({ sort, paged: whole });
      expect(new Set(paged).size).toBe(zoneIds.length);
    }
  });
});
