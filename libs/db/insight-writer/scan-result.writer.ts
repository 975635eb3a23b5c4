import type { Pool } from 'pg';
import { InvalidScanResultError, prepareScanResult, type ScanResult } from '../../domain';
import { writeScanBatch, type ScanWriteOutcome, type WriterOptions } from './scan-batch.writer';

export { InvalidScanResultError, type ScanResult };

/**
 * The insight store's entry point: validates every result (InvalidScanResultError before any
 * write), then persists them all in one transaction through the hybrid UNNEST/COPY writer.
 */
export async function persistScanResults(
  pool: Pool,
  results: ScanResult[],
  options: WriterOptions,
): Promise<ScanWriteOutcome[]> {
  return writeScanBatch(pool, results.map(prepareScanResult), options);
}

/** One result alone: `duplicate` when it was applied before; a rejection is thrown. */
export async function persistScanResult(
  pool: Pool,
  result: ScanResult,
  options: WriterOptions,
): Promise<{ insightCount: number; duplicate: boolean }> {
  const [outcome] = await persistScanResults(pool, [result], options);
  if (!outcome) throw new Error('unreachable: one result gives one outcome');
  if (outcome.status === 'rejected') throw outcome.error;
  return { insightCount: outcome.insightCount, duplicate: outcome.status === 'duplicate' };
}
