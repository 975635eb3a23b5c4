import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.0 schema object (zod's own JSON Schema conversion). `input`
 * describes what a client sends (before transforms and defaults), `output` what it receives.
 * Dates are documented as ISO 8601 date-time strings, which is how JSON carries them.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
    override: (context) => {
      const def = (context.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'date') {
        context.jsonSchema.type = 'string';
        context.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
}
