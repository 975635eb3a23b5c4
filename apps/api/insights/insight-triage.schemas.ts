import { z } from 'zod';
import { CLASSIFICATIONS, classificationNeedsRationale } from '../../../libs/domain';

const isoDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, such as 2027-01-01T00:00:00Z' })
  .transform((text) => new Date(text));

/** PUT …/dismiss: `{ dismiss: true, until? }` or `{ dismiss: false }`. */
export const dismissBody = z
  .strictObject({
    dismiss: z.boolean({ message: 'must be true or false' }),
    until: isoDate.optional(),
  })
  // zod runs refinements even after a field failed, so `until` may still be the raw input here.
  .refine((body) => !(body.until instanceof Date) || body.until.getTime() > Date.now(), {
    message: 'must be in the future',
    path: ['until'],
  })
  .refine((body) => body.dismiss || body.until === undefined, {
    message: 'only applies when dismiss is true',
    path: ['until'],
  });

/** PUT …/classification: a classification (or null to clear) and, for some, a rationale. */
export const classificationBody = z
  .strictObject({
    classification: z
      .enum(CLASSIFICATIONS, { message: `must be one of ${CLASSIFICATIONS.join(', ')}, or null` })
      .nullable(),
    rationale: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  })
  .refine((body) => !classificationNeedsRationale(body.classification) || body.rationale !== undefined, {
    message: 'is required for accept_risk and other',
    path: ['rationale'],
  });

/** The audit log takes only paging parameters. */
export const auditQuery = z.strictObject({ limit: z.string().optional(), cursor: z.string().optional() });
