import { z } from 'zod';
import { defineRoute } from '../http/route-schema';

export const meRoute = defineRoute({
  summary:
    'The calling key: its scope (admin or one account) and where its tools are (Temporal UI); the dashboard starts here',
  result: z.object({
    keyId: z.string(),
    scope: z.enum(['admin', 'account']),
    accountId: z.string().nullable().meta({ description: "the key's account; null for an admin key (all accounts)" }),
    temporalUiUrl: z
      .string()
      .nullable()
      .meta({ description: 'the Temporal Web UI base URL (TEMPORAL_UI_URL); null when unset' }),
    namespace: z.string().meta({ description: 'the Temporal namespace scans run in' }),
  }),
});
