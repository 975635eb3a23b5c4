import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCheckers, type Checker } from '../../libs/checkers';
import {
  laneTaskQueue,
  type ScanZoneInput,
  type ScanZoneResult,
  SCAN_ZONE_WORKFLOW,
  type ScanZoneWorkflow,
} from '../../libs/contract';
import { fixtureConfig, FIXTURE_ADDRESS } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';
import { createTestCa, issueCertificate } from '../support/fixtures/test-ca';
import { closedPort, rawTlsFixture, type Listening } from '../support/fixtures/web-fixture.servers';
import { buildAccountWithZones } from '../support/factories';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('a scan worker whose http checker meets a slowloris server', () => {
  const db = useTestDatabase();
  let dns: DnsFixture;
  let slowloris: Listening;
  let fixtureCheckers: ReadonlyMap<string, Checker>;
  let zone: { accountId: string; zoneIds: string[]; names: string[] };

  beforeAll(async () => {
    zone = await buildAccountWithZones(db.pool, { count: 1, prefix: 'hostile', dueNow: false });
    dns = await startDnsFixture({ [zone.names[0]!]: { A: [FIXTURE_ADDRESS] } });
    const ca = await createTestCa();
    slowloris = await rawTlsFixture(await issueCertificate(ca, { hostnames: zone.names }), (socket) => {
      const drip = setInterval(() => socket.write('X'), 1000);
      socket.write('HTTP/1.1 200 OK\r\nX-Drip: ');
      socket.on('close', () => clearInterval(drip));
    });
    const config = fixtureConfig(dns, {
      CHECK_HTTP_PORT: String(await closedPort()),
      CHECK_HTTPS_PORT: String(slowloris.port),
      NET_REQUEST_TIMEOUT_MS: '1500',
    });
    fixtureCheckers = buildCheckers(config);
  });
  afterAll(async () => {
    await slowloris?.close();
    await dns?.close();
  });
  const temporal = useTestWorkers(db, ['fast'], () => ({ checkers: fixtureCheckers }));

  const scan = (run: number, checkers: string[]) =>
    temporal.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      taskQueue: laneTaskQueue(temporal.prefix, 'fast'),
      workflowId: `hostile-scan-${run}-${temporal.prefix}`,
      args: [
        {
          zoneId: zone.zoneIds[0]!,
          accountId: zone.accountId,
          zoneName: zone.names[0]!,
          lane: 'fast',
          checkers,
        } satisfies ScanZoneInput,
      ],
    }) as Promise<ScanZoneResult>;

  it('when the http check times out, then the scan records it as a failed checker and the worker serves the next scan', async () => {
    const first = await scan(1, ['http', 'synthetic']);
    expect(first.outcomes).toEqual([
      { checker: 'http', status: 'failed' },
      { checker: 'synthetic', status: 'completed' },
    ]);
    const rows = await db.pool.query<{ outcome: string; error: string }>(
      'SELECT outcome, error FROM scans WHERE zone_id = $1',
      [zone.zoneIds[0]],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.outcome).toBe('partial');
    expect(rows.rows[0]?.error).toMatch(
      /^http: NetTimeout: https:\/\/hostile-0\.example\.com:\d+\/: no complete answer within \d+ ms$/,
    );

    const second = await scan(2, ['synthetic']);
    expect(second.outcomes).toEqual([{ checker: 'synthetic', status: 'completed' }]);
  });
});
