import type { Pool } from 'pg';
import type { Logger } from '../../config';
import { prepareScanResult, type PreparedScan, type ScanResult } from '../../domain';
import { ScanResultRejectedError, writeScanBatch, type WriterOptions } from './scan-batch.writer';

export interface GroupCommitOptions {
  /** A flush starts as soon as this many findings wait. */
  maxRows: number;
  /** …or when the oldest waiting result has waited this long. */
  maxWaitMs: number;
  writer: WriterOptions;
  log: Logger;
  /** Told after each group's transaction (metrics): how many results and rows, how long, whether it committed. */
  onFlush?(flush: { results: number; rows: number; seconds: number; ok: boolean }): void;
}

/** Coalesces concurrent scans' results into one transaction per flush. */
export interface ScanCommitter {
  /** Resolves once this result's rows are committed; rejects with its own error only. */
  submit(result: ScanResult): Promise<{ insightCount: number; duplicate: boolean }>;
  /** Flushes what waits and resolves when nothing is in flight. */
  close(): Promise<void>;
}

interface Waiting {
  scan: PreparedScan;
  resolve(value: { insightCount: number; duplicate: boolean }): void;
  reject(error: unknown): void;
}

/**
 * Group commit: results wait at most `maxWaitMs` (or until `maxRows` findings wait), then go
 * to PostgreSQL together; while one flush runs, the next group gathers. When a group fails,
 * its halves are retried apart until the failing result stands alone, so one bad result
 * fails only its own activity.
 */
export function createScanCommitter(pool: Pool, options: GroupCommitOptions): ScanCommitter {
  let queue: Waiting[] = [];
  let queuedRows = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const schedule = () => {
    if (flushing) return; // the running flush picks the queue up when it ends
    if (queuedRows >= options.maxRows) flushSoon();
    else timer ??= setTimeout(flushSoon, options.maxWaitMs);
  };
  const flushSoon = () => {
    clearTimeout(timer);
    timer = undefined;
    flushing ??= drain().finally(() => {
      flushing = undefined;
      if (queue.length > 0) schedule();
    });
  };
  const drain = async () => {
    while (queue.length > 0) {
      const group = takeGroup();
      await commitGroup(group);
    }
  };
  const takeGroup = (): Waiting[] => {
    let rows = 0;
    let count = 0;
    while (
      count < queue.length &&
      (count === 0 || rows + (queue[count] as Waiting).scan.rows.length <= options.maxRows)
    ) {
      rows += (queue[count] as Waiting).scan.rows.length;
      count++;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    queuedRows -= rows;
    return group;
  };
  const commitGroup = async (group: Waiting[]): Promise<void> => {
    const started = performance.now();
    const report = (ok: boolean) =>
      options.onFlush?.({
        results: group.length,
        rows: group.reduce((sum, w) => sum + w.scan.rows.length, 0),
        seconds: (performance.now() - started) / 1000,
        ok,
      });
    try {
      const outcomes = await writeScanBatch(
        pool,
        group.map((w) => w.scan),
        options.writer,
      );
      report(true);
      group.forEach((waiting, i) => {
        const outcome = outcomes[i];
        if (!outcome) waiting.reject(new Error('unreachable: the writer returned fewer outcomes than results'));
        else if (outcome.status === 'rejected') waiting.reject(outcome.error);
        else waiting.resolve({ insightCount: outcome.insightCount, duplicate: outcome.status === 'duplicate' });
      });
    } catch (error) {
      report(false);
      if (group.length === 1) {
        (group[0] as Waiting).reject(asRejection(error, (group[0] as Waiting).scan));
        return;
      }
      options.log.warn(
        { err: error, results: group.length },
        'a group commit of scan results failed; retrying its halves apart to find the result PostgreSQL refuses',
      );
      const middle = Math.ceil(group.length / 2);
      await commitGroup(group.slice(0, middle));
      await commitGroup(group.slice(middle));
    }
  };

  return {
    submit(result) {
      // Validation happens here, so a malformed result is refused before it joins a group.
      let scan: PreparedScan;
      try {
        scan = prepareScanResult(result);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        queue.push({ scan, resolve, reject });
        queuedRows += scan.rows.length;
        schedule();
      });
    },
    async close() {
      while (queue.length > 0 || flushing) {
        if (!flushing) flushSoon();
        await flushing;
      }
    },
  };
}

/**
 * PostgreSQL data and integrity errors (SQLSTATE classes 22 and 23) will fail again on retry:
 * they become a ScanResultRejectedError. Anything else (a lost connection) stays retryable.
 */
function asRejection(error: unknown, scan: PreparedScan): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^2[23]/.test(code)) {
    return new ScanResultRejectedError(
      `PostgreSQL refused the result of ${scan.actor} for zone ${scan.result.zoneId} (SQLSTATE ${code}): ${(error as Error).message}`,
    );
  }
  return error;
}
