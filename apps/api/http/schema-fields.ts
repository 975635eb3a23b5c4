import { z } from 'zod';
import { isUuid } from '../../../libs/domain';

/** A path parameter that must be a UUID (lower-cased). */
export const uuidParam = (what: string) =>
  z
    .string()
    .refine(isUuid, { error: (issue) => `must be a UUID, got "${String(issue.input).slice(0, 60)}"` })
    .transform((value) => value.toLowerCase())
    .meta({ description: `the ${what} id (UUID)`, format: 'uuid' });

/** A path parameter that must be a positive bigint id. */
export const bigintParam = (what: string) =>
  z
    .string()
    .refine((value) => /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= 9223372036854775807n, {
      error: (issue) => `must be a positive whole number, got "${String(issue.input).slice(0, 60)}"`,
    })
    .meta({ description: `the ${what} id (a positive whole number)` });

/** A query parameter given once, as text (a repeated one arrives as an array and is refused). */
export const once = () =>
  z.string({ error: (issue) => (Array.isArray(issue.input) ? 'give it once' : 'must be text') });

/** A query parameter read as a whole number within a range, with a default. */
export const wholeNumberQuery = (min: number, max: number, fallback: number, description: string) =>
  once()
    .refine((value) => /^\d{1,10}$/.test(value) && Number(value) >= min && Number(value) <= max, {
      message: `must be a whole number from ${min} to ${max}`,
    })
    .transform(Number)
    .optional()
    .transform((value) => value ?? fallback)
    .meta({ description: `${description} (${min}–${max}, default ${fallback})` });

/** Text from a client: trimmed, 1–`max` characters. */
export const text = (max: number) =>
  z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const dateTime = z.date();
export const countSchema = z.object({ value: z.string(), count: z.number().int() });

/** The success envelope around a result. */
export function successEnvelope(result: z.ZodType, resultInfo?: z.ZodType): z.ZodType {
  return z.object({
    success: z.literal(true),
    errors: z.array(z.never()).max(0),
    messages: z.array(z.never()).max(0),
    result,
    ...(resultInfo ? { result_info: resultInfo } : {}),
  });
}

/** Every error answer: `{success: false, errors: [{code, message, field?}], messages: [], result: null}`. */
export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  errors: z
    .array(
      z.object({
        code: z.number().int().meta({ description: 'the HTTP status' }),
        message: z.string().meta({ description: 'what happened and what to do' }),
        field: z.string().optional().meta({ description: 'the parameter or body field at fault' }),
      }),
    )
    .min(1),
  messages: z.array(z.never()).max(0),
  result: z.null(),
});

/** `result_info` of a keyset page: pass `cursor` back for the next page; null after the last. */
export const cursorPageInfo = z.object({
  count: z.number().int(),
  per_page: z.number().int(),
  cursor: z.string().nullable(),
});
