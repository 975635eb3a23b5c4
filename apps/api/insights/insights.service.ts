import { Inject, Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { countInsights, listInsights, type InsightRow, type InsightScope } from '../../../libs/db';
import { PG_POOL } from '../api.tokens';
import { ok } from '../common/api-response';
import { badRequest } from '../common/validation';
import { csvHeader, csvLine } from './insight-csv';
import { pageInfo, parseCountDimension, parseInsightFilters, parsePage } from './insight-query.params';

type RawQuery = Record<string, string | string[] | undefined>;
/** Which route family: account routes may filter by zone, zone routes are one zone already. */
type Family = 'account' | 'zone';
const EXPORT_BATCH = 2000;

/** List, counts and export of insights within a scope (an account or a zone), shared by both route families. */
@Injectable()
export class InsightsService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Input is validated before the scope is resolved: a malformed request is a 400 whatever it names. */
  async list(family: Family, resolve: () => Promise<InsightScope>, query: RawQuery) {
    const filters = parseInsightFilters(query, ['limit', 'cursor'], { zoneFilter: family === 'account' });
    const page = parsePage(query);
    const scope = await resolve();
    const rows = await listInsights(this.pool, scope, filters, page);
    return ok(rows, pageInfo(rows, page.limit));
  }

  async counts(family: Family, resolve: () => Promise<InsightScope>, query: RawQuery) {
    const filters = parseInsightFilters(query, ['by'], { zoneFilter: family === 'account' });
    const by = parseCountDimension(query);
    return ok(await countInsights(this.pool, await resolve(), filters, by));
  }

  /**
   * Streams the filtered set, newest first, in keyset batches: memory stays one batch however
   * large the set, and a client that stops reading pauses the export (backpressure).
   */
  async export(
    family: Family,
    resolve: () => Promise<InsightScope>,
    query: RawQuery,
    reply: FastifyReply,
  ): Promise<void> {
    const filters = parseInsightFilters(query, ['format'], { zoneFilter: family === 'account' });
    const format = query.format ?? 'ndjson';
    if (format !== 'csv' && format !== 'ndjson') throw badRequest('format', 'must be csv or ndjson');
    const format_ = format as 'csv' | 'ndjson';
    const scope = await resolve();
    // From here the stream is ours: Fastify must not answer (or serialise) anything itself.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'Content-Type': format_ === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'Content-Disposition': `attachment; filename="insights.${format_}"`,
    });
    if (format_ === 'csv') await write(response, csvHeader());
    let afterId: string | undefined;
    for (;;) {
      const rows: InsightRow[] = await listInsights(this.pool, scope, filters, { limit: EXPORT_BATCH, afterId });
      if (rows.length === 0 || response.destroyed) break;
      const text = rows.map((row) => (format_ === 'csv' ? csvLine(row) : `${JSON.stringify(row)}\n`)).join('');
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
