import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../libs/config';
import { freePort } from '../../libs/runtime';
import { buildAccountWithZones } from '../support/factories';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { sampleNames, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const DEPLOY = path.join(__dirname, '..', '..', 'deploy');

/** Every metric name a PromQL expression uses (ours and the SDK's; functions and labels are not names). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:security_insights|temporal)_[a-z0-9_]+)\b/g)].map((m) => m[1] as string);
}

function dashboards(): Array<{ file: string; exprs: string[] }> {
  const dir = path.join(DEPLOY, 'grafana');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const dashboard = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
      };
      return { file, exprs: dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr)) };
    });
}

describe('worker metrics, health, and the deploy/ files that use them', () => {
  const db = useTestDatabase();
  let worker: WorkerProcess | undefined;
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.exited;
  });

  it('when the Prometheus config is read, then it scrapes every worker service on the default WORKER_METRICS_PORT', () => {
    const config = parse(readFileSync(path.join(DEPLOY, 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; dns_sd_configs: Array<{ names: string[]; port: number }> }>;
    };
    const workers = config.scrape_configs.find((job) => job.job_name === 'security-insights-workers');
    const compose = parse(readFileSync(path.join(DEPLOY, '..', 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command?: string[] }>;
    };
    const workerServices = Object.entries(compose.services)
      .filter(([, service]) => service.command?.includes('dist/apps/worker/main.js'))
      .map(([name]) => name);
    expect(workerServices.length).toBeGreaterThan(0);
    expect(workers?.dns_sd_configs.flatMap((sd) => sd.names).sort()).toEqual(workerServices.sort());
    expect(workers?.dns_sd_configs.every((sd) => sd.port === loadConfig({}).worker.metricsPort)).toBe(true);
  });

  it('when a worker process scans zones, then /metrics has the SDK series, our scans counter rises, every metric the dashboard charts exists, and /health answers 200', async () => {
    await buildAccountWithZones(db.pool, { count: 40 });
    const port = await freePort();
    worker = startWorkerProcess({
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE_PREFIX: `metrics-${port}`,
      WORKER_METRICS_PORT: String(port),
      SCAN_FREQUENCY: '20s',
      SCHEDULER_TICK: '1s',
      LOG_LEVEL: 'warn',
    });
    const url = `http://127.0.0.1:${port}`;
    const scrape = () => fetch(`${url}/metrics`).then((r) => r.text());
    const scans = (text: string) =>
      [...text.matchAll(/^security_insights_scans_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);

    const first = await eventually(
      async () => {
        const text = await scrape().catch(() => '');
        return scans(text) > 0 ? text : undefined;
      },
      90_000,
      () => `scans counted on ${url}/metrics; worker output:\n${(worker?.lines() ?? []).slice(-20).join('\n')}`,
    );
    await eventually(async () => (scans(await scrape()) > scans(first) ? true : undefined), 60_000, 'more scans');

    const names = sampleNames(await scrape());
    expect([...names].filter((n) => n.startsWith('temporal_')).length).toBeGreaterThan(5);
    const found = dashboards();
    expect(found.length).toBeGreaterThan(0);
    for (const { file, exprs } of found) {
      const used = [...new Set(exprs.flatMap(metricNames))];
      expect(used.length, file).toBeGreaterThan(10);
      expect(
        used.filter((name) => !names.has(name)),
        `${file} charts metrics this worker does not serve`,
      ).toEqual([]);
    }

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  }, 180_000);
});
