import net from 'node:net';
import { Writable } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { createPool } from '../../libs/db';
import { freePort } from '../../libs/runtime';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

/** A logger whose lines the test reads back, one parsed JSON object each. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', 'log-lines-test', sink), lines };
}

async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to fail');
}

/** Every logged error stays a short line: its type, message and a bounded stack, never the objects it carries. */
function expectBoundedErrorLine(line: string, type: string, message: RegExp): Record<string, unknown> {
  expect(line.length).toBeLessThan(2500);
  const parsed = JSON.parse(line) as { err: Record<string, unknown> };
  expect(parsed.err.type).toBe(type);
  expect(String(parsed.err.message)).toMatch(message);
  expect(String(parsed.err.stack).split('\n').length).toBeLessThanOrEqual(6);
  expect(Object.keys(parsed.err)).not.toEqual(expect.arrayContaining(['client']));
  expect(line).not.toMatch(/_types|_connecting|socket|"_events"/);
  return parsed.err;
}

describe('error log lines', () => {
  const db = useTestDatabase();

  it('when an idle PostgreSQL connection is cut, then the pool logs one short line naming the error, not the pg client', async () => {
    const { log, lines } = capturedLogger();
    const pool = createPool(db.url, 1, log, 'log-lines-test-pool');
    try {
      await pool.query('SELECT 1');
      await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'log-lines-test-pool'`,
      );
      const line = await eventually(
        async () => lines.find((l) => l.includes('idle PostgreSQL connection failed')),
        10_000,
        'the pool warning',
      );
      const err = expectBoundedErrorLine(line, 'error', /terminating connection due to administrator command/);
      expect(err.code).toBe('57P01');
      expect(err.severity).toBe('FATAL');
    } finally {
      await pool.end().catch(() => undefined);
    }
  });

  it('when a query fails in PostgreSQL, then the line keeps its code and detail', async () => {
    const { log, lines } = capturedLogger();
    const error = await thrownBy(() => db.pool.query(`SELECT 1 / 0`));
    log.warn({ err: error }, 'query failed');
    const err = expectBoundedErrorLine(lines[0] as string, 'error', /division by zero/);
    expect(err.code).toBe('22012');
  });

  it('when Temporal answers with an error or cannot be reached, then each line names the failure', async () => {
    const { log, lines } = capturedLogger();
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const notFound = await thrownBy(() =>
        new Client({ connection }).workflow.getHandle('no-such-workflow').describe(),
      );
      expect(notFound).toBeInstanceOf(WorkflowNotFoundError);
      log.warn({ err: notFound }, 'describe failed');
    } finally {
      await connection.close();
    }
    const unreachable = await thrownBy(() => Connection.connect({ address: '127.0.0.1:1', connectTimeout: 1000 }));
    log.warn({ err: unreachable }, 'connect failed');
    expectBoundedErrorLine(lines[0] as string, 'WorkflowNotFoundError', /no-such-workflow|not found/i);
    expect(JSON.parse(lines[1] as string).err.message).not.toBe('');
    expect((lines[1] as string).length).toBeLessThan(2500);
  });

  it('when an HTTP call or a TCP connection is refused, then the line names the cause (ECONNREFUSED) and the HTTP error its status', async () => {
    const { log, lines } = capturedLogger();
    const port = await freePort();
    log.warn({ err: await thrownBy(() => fetch(`http://127.0.0.1:${port}/`)) }, 'fetch failed');
    const socketError = await new Promise<Error>((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
    log.warn({ err: socketError }, 'connect failed');
    log.warn({ err: new BadRequestException({ message: 'zone: must be a UUID', field: 'zone' }) }, 'request refused');
    const fetchErr = expectBoundedErrorLine(lines[0] as string, 'TypeError', /fetch failed/);
    expect(fetchErr.cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', port });
    expect(expectBoundedErrorLine(lines[1] as string, 'Error', /ECONNREFUSED/)).toMatchObject({
      code: 'ECONNREFUSED',
      errno: -111,
    });
    expect(
      expectBoundedErrorLine(lines[2] as string, 'BadRequestException', /Bad Request|must be a UUID/),
    ).toMatchObject({ status: 400 });
  });

  it('when an error message is huge, then the line is cut and says how much was left out', () => {
    const { log, lines } = capturedLogger();
    log.error({ err: new Error('x'.repeat(100_000)) }, 'huge');
    expect((lines[0] as string).length).toBeLessThan(2500);
    expect(lines[0]).toContain('more characters');
  });
});
