import { z } from 'zod';

/** POST /accounts/:accountId/zones */
export const createZoneBody = z.strictObject({ name: z.string({ message: 'must be a string' }) });

/** PATCH /zones/:zoneId: pause or resume scanning. */
export const updateZoneBody = z.strictObject({
  status: z.enum(['active', 'paused'], { message: 'must be active or paused' }),
});

/** GET /zones and GET /accounts/:accountId/zones */
export const listZonesQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, 'must be a whole number from 1 to 1000')
    .default(100),
  offset: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number from 0 to 9999999')
    .transform(Number)
    .default(0),
  /** grade: best first (A+ … F); -grade: worst first; ungraded zones last either way. */
  sort: z.enum(['recent', 'grade', '-grade'], { message: 'must be recent, grade or -grade' }).default('recent'),
});
