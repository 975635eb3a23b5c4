import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../libs/config/config.schema';
import {
  CLUSTER_SERVICES,
  CLUSTER_SHARED_VARIABLES,
  CLUSTER_TEMPORAL,
  DEFAULT_HISTORY_SHARDS,
} from '../../libs/devstack';

/**
 * No Docker engine runs where the tests run, so the compose file is checked by reading it:
 * every service has an image or a build, our services' commands exist in dist/, every
 * environment variable of ours is one libs/config reads, ports do not clash, and every
 * dependency names a service with a condition it can meet.
 */
interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const root = path.join(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const ours = Object.entries(services).filter(([, service]) => service.build === '.');
const knownVariables = new Set(Object.keys(configSchema.shape));

describe('docker-compose.yml', () => {
  it('when parsed, then it has the whole production-like stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api-active',
        'api-passive',
        'migrate',
        'postgres',
        'scheduler',
        'temporal',
        'temporal-ui',
        'worker-fast',
        'worker-slow',
      ].sort(),
    );
    for (const [name, service] of Object.entries(services)) {
      expect(service.image ?? service.build, `${name} needs an image or a build`).toBeTruthy();
    }
    expect(existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });

  it("when our services' commands are read, then each runs an entry point that the build produces", () => {
    for (const [name, service] of ours) {
      const [binary, entry] = service.command ?? [];
      expect(binary, name).toBe('node');
      const source = (entry as string).replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(root, source)), `${name}: ${entry} has no source ${source}`).toBe(true);
    }
  });

  it('when our services set environment variables, then libs/config knows and accepts each one', () => {
    for (const [name, service] of ours) {
      const env = service.environment ?? {};
      for (const key of Object.keys(env))
        expect(knownVariables.has(key), `${name}: ${key} is not read by libs/config`).toBe(true);
      // Substitute compose defaults (${VAR:-default}) and check the values parse.
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
      );
      const parsed = configSchema.safeParse(resolved);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(env.DATABASE_URL, `${name} needs DATABASE_URL`).toBeDefined();
      if (name !== 'migrate') expect(env.TEMPORAL_ADDRESS, `${name} needs TEMPORAL_ADDRESS`).toBe('temporal:7233');
    }
  });

  it('when worker lanes are read, then fast, slow and scheduler each have their own service', () => {
    expect(services['worker-fast']?.environment?.WORKER_LANES).toBe('fast');
    expect(services['worker-slow']?.environment?.WORKER_LANES).toBe('slow');
    expect(services.scheduler?.environment?.WORKER_LANES).toBe('scheduler');
    // A service scaled with --scale cannot publish a fixed host port.
    expect(services['worker-fast']?.ports).toBeUndefined();
  });

  it('when host ports are read, then no two services publish the same one', () => {
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('when dependencies are read, then each names a service and a condition that service can meet', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect(target, `${name} depends on unknown ${dependency}`).toBeDefined();
        if (condition === 'service_healthy')
          expect(target?.healthcheck, `${dependency} has no healthcheck`).toBeDefined();
        else expect(condition, `${name} -> ${dependency}`).toBe('service_completed_successfully');
      }
    }
    expect(Object.keys(services['api-active']?.depends_on ?? {})).toEqual(
      expect.arrayContaining(['migrate', 'temporal']),
    );
  });
});

describe('docker-compose.yml and npm run cluster', () => {
  it('when both are read, then they run the same services with the same entry points and variables', () => {
    for (const shape of CLUSTER_SERVICES) {
      const service = services[shape.name];
      expect(service, `compose lacks ${shape.name}`).toBeDefined();
      expect(service?.build, shape.name).toBe('.');
      expect(service?.command, shape.name).toEqual(['node', shape.entry, ...shape.args]);
      const env = service?.environment ?? {};
      for (const variable of CLUSTER_SHARED_VARIABLES)
        expect(Object.keys(env), `${shape.name} lacks ${variable}`).toContain(variable);
      for (const [variable, value] of Object.entries(shape.env)) expect(env[variable], shape.name).toBe(value);
      expect(existsSync(path.join(root, shape.entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), shape.entry).toBe(
        true,
      );
    }
    // Every service of ours in compose is one npm run cluster starts too (migrate runs in-process there).
    const shapeNames: string[] = CLUSTER_SERVICES.map((s) => s.name);
    expect(ours.map(([name]) => name).filter((name) => name !== 'migrate')).toEqual(expect.arrayContaining(shapeNames));
    expect(ours.length - 1).toBe(shapeNames.length);
  });

  it('when the Temporal service is read, then it is the server version and shard count npm run cluster builds and uses', () => {
    const temporal = services.temporal;
    expect(temporal?.image).toBe(`temporalio/auto-setup:${CLUSTER_TEMPORAL.version}`);
    expect(temporal?.environment?.DB).toBe('postgres12');
    expect(temporal?.environment?.NUM_HISTORY_SHARDS).toBe(
      `\${${CLUSTER_TEMPORAL.shardsVariable}:-${CLUSTER_TEMPORAL.historyShards}}`,
    );
    expect(CLUSTER_TEMPORAL.historyShards).toBe(DEFAULT_HISTORY_SHARDS);
    // The variable is one libs/config reads, with the same default (npm run cluster --shards).
    expect(knownVariables.has(CLUSTER_TEMPORAL.shardsVariable)).toBe(true);
    expect(configSchema.parse({}).TEMPORAL_HISTORY_SHARDS).toBe(CLUSTER_TEMPORAL.historyShards);
  });
});
