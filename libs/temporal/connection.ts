import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

/** Where the Temporal frontend is: TEMPORAL_ADDRESS, else the dev server's port on loopback. */
export function temporalAddress(config: Readonly<Config>): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
}

/**
 * A Temporal client connected on first use. A failed connection is forgotten, so the next
 * call tries again: a long-running process never needs a restart after Temporal comes back.
 */
export function connectTemporalLazily(
  address: string,
  namespace: string,
  connectTimeoutMs = 3000,
): () => Promise<Client> {
  let pending: Promise<Client> | undefined;
  return () => {
    pending ??= Connection.connect({ address, connectTimeout: connectTimeoutMs }).then(
      (connection) => new Client({ connection, namespace }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
