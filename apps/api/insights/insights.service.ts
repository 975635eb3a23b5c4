import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { countInsights, listInsights, zoneNamesById, type InsightRow, type InsightScope } from '../../../libs/db';
import { encodeCursor, type CountDimension, type InsightFilters } from '../../../libs/domain';
import { PG_POOL } from '../api.tokens';
import { ok } from '../common/api-response';
import { csvHeader, csvLine } from './insight-csv';

const EXPORT_BATCH = 2000;

/** List, counts and export of insights within a scope (an account or a zone), shared by both route families. */
@Injectable()
export class InsightsService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(scope: InsightScope, filters: InsightFilters, page: { limit: number; afterId?: string }) {
    const rows = await listInsights(this.pool, scope, filters, page);
    const last = rows[rows.length - 1];
    // Names by a second, small query (one page of distinct zones) rather than a join on every list.
    const names = await zoneNamesById(
      this.pool,
      rows.map((row) => row.zoneId),
    );
    const items = rows.map((row) => ({ ...row, zoneName: names.get(row.zoneId) ?? null }));
    return ok(items, {
      count: rows.length,
      per_page: page.limit,
      cursor: rows.length === page.limit && last ? encodeCursor(last.id) : null,
    });
  }

  async counts(scope: InsightScope, filters: InsightFilters, by: CountDimension) {
    const counts = await countInsights(this.pool, scope, filters, by);
    if (by !== 'zone') return ok(counts);
    // Zone counts name their zones, so a person can read them (and the dashboard filter by name).
    const names = await zoneNamesById(
      this.pool,
      counts.map((c) => c.value),
    );
    return ok(counts.map((c) => ({ ...c, label: names.get(c.value) ?? null })));
  }

  /**
   * Streams the filtered set, newest first, in keyset batches: memory stays one batch however
   * large the set, and a client that stops reading pauses the export (backpressure).
   */
  async export(scope: InsightScope, filters: InsightFilters, format: 'csv' | 'ndjson', reply: FastifyReply) {
    // From here the stream is ours: Fastify must not answer (or serialise) anything itself.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'Content-Disposition': `attachment; filename="insights.${format}"`,
    });
    if (format === 'csv') await write(response, csvHeader());
    let afterId: string | undefined;
    for (;;) {
      const rows: InsightRow[] = await listInsights(this.pool, scope, filters, { limit: EXPORT_BATCH, afterId });
      if (rows.length === 0 || response.destroyed) break;
      const text = rows.map((row) => (format === 'csv' ? csvLine(row) : `${JSON.stringify(row)}\n`)).join('');
      await write(response, text);
      afterId = rows[rows.length - 1]?.id;
      if (rows.length < EXPORT_BATCH) break;
    }
    response.end();
  }
}

function write(response: ServerResponse, text: string): Promise<void> {
  if (response.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
