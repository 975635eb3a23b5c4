import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

describe('POST /accounts/:accountId/zones/import', () => {
  const db = useTestDatabase();
  const api = useTestApi(db, { env: { API_MAX_BODY_BYTES: '200000' } });

  const names = async (accountId: string) =>
    (
      await db.pool.query<{ name: string }>(`SELECT name FROM zones WHERE account_id = $1 ORDER BY name`, [accountId])
    ).rows.map((r) => r.name);

  it('when a CSV of thousands of lines has bad lines, then the good ones are added and each bad one is reported by line', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const token = (await api.keyFor(accountId)).token;
    const lines = ['name', ...Array.from({ length: 3000 }, (_, i) => `z${i}.import.example.com`)];
    lines[11] = 'bad_label.example.com';
    lines[21] = 'z5.import.example.com';
    const response = await api.request(token, 'POST', `/accounts/${accountId}/zones/import`, `${lines.join('\n')}\n`, {
      'content-type': 'text/csv',
    });
    expect(response.status).toBe(201);
    expect(response.json.result).toMatchObject({ accepted: 2998, added: 2998, existing: 0, rejected: 2 });
    expect(response.json.result.errors).toEqual([
      { line: 12, error: expect.stringContaining('label "bad_label"') },
      { line: 22, error: 'duplicate of line 7 (z5.import.example.com)' },
    ]);
    expect((await names(accountId)).length).toBe(2998);
  });

  it('when NDJSON has malformed lines and known zones, then known ones count as existing and bad ones are reported', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'known' });
    const token = (await api.keyFor(accountId)).token;
    const body = [
      '{"name":"known-0.example.com"}',
      '{"name":"new.example.com"}',
      '{oops',
      '{"nom":"x.test"}',
      '["a.test"]',
      '',
    ].join('\n');
    const response = await api.request(token, 'POST', `/accounts/${accountId}/zones/import`, body, {
      'content-type': 'application/x-ndjson',
    });
    expect(response.json.result).toMatchObject({ accepted: 2, added: 1, existing: 1, rejected: 3 });
    expect(response.json.result.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
    expect(await names(accountId)).toEqual(['known-0.example.com', 'new.example.com']);
  });

  it('when the body has another content type or is too large, then 400 or 413 and nothing is added', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const token = (await api.keyFor(accountId)).token;
    const json = await api.request(token, 'POST', `/accounts/${accountId}/zones/import`, { name: 'a.test' });
    expect([json.status, json.json.errors[0].field]).toEqual([400, 'content-type']);
    const huge = Array.from({ length: 20_000 }, (_, i) => `zone-${i}.too-large.example.com`).join('\n');
    const large = await api.request(token, 'POST', `/accounts/${accountId}/zones/import`, huge, {
      'content-type': 'text/csv',
    });
    expect(large.status).toBe(413);
    expect(await names(accountId)).toEqual([]);
  });
});
