import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { COUNT_DIMENSIONS, INSIGHT_FILTER_FIELDS } from '../../../libs/domain';

/** Documents the shared filter parameters (and the route's extras) in the OpenAPI document. */
export function ApiInsightFilters(extra: { page?: boolean; by?: boolean; format?: boolean }) {
  const decorators = INSIGHT_FILTER_FIELDS.flatMap((field) => [
    ApiQuery({ name: field, required: false, description: `only these ${field} values (comma-separated or repeated)` }),
    ApiQuery({ name: `${field}~neq`, required: false, description: `all but these ${field} values` }),
  ]);
  decorators.push(
    ApiQuery({ name: 'since', required: false, description: 'last seen at or after (ISO 8601); since~neq: before' }),
  );
  if (extra.page) {
    decorators.push(ApiQuery({ name: 'limit', required: false, description: 'page size, 1-500 (default 50)' }));
    decorators.push(
      ApiQuery({ name: 'cursor', required: false, description: 'result_info.cursor of the previous page' }),
    );
  }
  if (extra.by) decorators.push(ApiQuery({ name: 'by', required: false, enum: COUNT_DIMENSIONS }));
  if (extra.format) decorators.push(ApiQuery({ name: 'format', required: false, enum: ['ndjson', 'csv'] }));
  return applyDecorators(...decorators);
}
