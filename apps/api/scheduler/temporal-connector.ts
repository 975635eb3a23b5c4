import { Client, Connection } from '@temporalio/client';

/**
 * A Temporal client connected on first use. A failed connection is forgotten, so the next
 * call tries again: the API never needs a restart after Temporal comes back.
 */
export function connectTemporalLazily(address: string, namespace: string): () => Promise<Client> {
  let pending: Promise<Client> | undefined;
  return () => {
    pending ??= Connection.connect({ address, connectTimeout: 3000 }).then(
      (connection) => new Client({ connection, namespace }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
