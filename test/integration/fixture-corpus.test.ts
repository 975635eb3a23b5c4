import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealCheckers } from '../../libs/checkers';
import { FINDING_KINDS } from '../../libs/domain';
import { fixtureConfig, runChecker, triples } from '../support/fixtures/checker-harness';
import { createCorpusCas, startZoneServers, type CorpusCas } from '../support/fixtures/corpus/corpus-servers';
import { loadCorpus } from '../support/fixtures/corpus/corpus-zone';
import { startDnsFixture, type DnsFixture, type FixtureZone } from '../support/fixtures/dns-fixture.server';

/**
 * The corpus: every zone of test/support/fixtures/corpus/zones through the real dns, tls and
 * http checkers, compared with its golden file. `UPDATE_GOLDEN=1` rewrites the golden files
 * from what the checkers report (review the diff before committing it).
 */
const ZONES_DIR = path.join(__dirname, '..', 'support', 'fixtures', 'corpus', 'zones');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const zones = loadCorpus(ZONES_DIR);

type CheckerResult = { status: 'completed'; findings: string[] } | { status: 'failed'; error: string };
type Golden = Record<string, CheckerResult>;

const goldenPath = (zone: string) => path.join(ZONES_DIR, `${zone}.golden.json`);

/** Ports and timings differ per run; the rest of an error message is part of the golden result. */
function normalised(message: string): string {
  return message.replace(/:\d{2,5}\b/g, ':PORT').replace(/\b\d+ ms\b/g, 'N ms');
}

describe('fixture-zone corpus through the real checkers', () => {
  let dns: DnsFixture;
  let cas: CorpusCas;

  beforeAll(async () => {
    const records: FixtureZone = {};
    for (const zone of zones) {
      for (const [name, recordSet] of Object.entries(zone.dns)) {
        if (records[name]) throw new Error(`corpus: ${name} is defined by two zones (one is ${zone.name})`);
        records[name] = recordSet;
      }
    }
    dns = await startDnsFixture(records);
    cas = await createCorpusCas();
  });
  afterAll(async () => {
    await dns?.close();
  });

  it('when the corpus is loaded, then it holds at least 30 zones, each with a golden file', () => {
    expect(zones.length).toBeGreaterThanOrEqual(30);
    if (!UPDATE) expect(zones.filter((zone) => !existsSync(goldenPath(zone.name))).map((z) => z.name)).toEqual([]);
  });

  it.each(zones.map((zone) => [zone.name, zone] as const))(
    'when %s is checked by dns, tls and http, then each outcome matches its golden file',
    async (name, zone) => {
      const servers = await startZoneServers(zone, cas);
      try {
        const config = fixtureConfig(dns, {
          CHECK_HTTP_PORT: String(servers.httpPort),
          CHECK_HTTPS_PORT: String(servers.httpsPort),
          NET_CONNECT_TIMEOUT_MS: '2000',
          NET_REQUEST_TIMEOUT_MS: '5000',
        });
        const entries = await Promise.all(
          buildRealCheckers(config, [cas.root.certPem]).map(async (checker) => {
            const result: CheckerResult = await runChecker(checker, name).then(
              (findings) => ({ status: 'completed', findings: triples(findings) }),
              (error: Error) => ({ status: 'failed', error: normalised(error.message) }),
            );
            return [checker.id, result] as const;
          }),
        );
        const outcome: Golden = Object.fromEntries(entries);
        if (UPDATE) writeFileSync(goldenPath(name), `${JSON.stringify(outcome, null, 2)}\n`);
        else expect(outcome).toEqual(JSON.parse(readFileSync(goldenPath(name), 'utf8')));
      } finally {
        await servers.close();
      }
    },
  );

  it('when the golden files are read together, then every finding kind is present in one zone and absent in another', () => {
    const goldens = zones.map((zone) => JSON.parse(readFileSync(goldenPath(zone.name), 'utf8')) as Golden);
    const coverage = Object.entries(FINDING_KINDS).map(([kind, info]) => {
      const completed = goldens.map((golden) => golden[info.checker]).filter((r) => r?.status === 'completed');
      const has = (result: CheckerResult) =>
        result.status === 'completed' && result.findings.some((f) => f.startsWith(`${kind} `));
      return { kind, present: completed.filter(has).length, absent: completed.filter((r) => !has(r)).length };
    });
    expect(coverage.filter((c) => c.present === 0 || c.absent === 0)).toEqual([]);
  });
});
