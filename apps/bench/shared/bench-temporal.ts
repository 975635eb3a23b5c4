import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataDirPath, type Config, type Logger } from '../../../libs/config';
import { provisionTemporal } from '../../../libs/devstack';

/** A Temporal server for a benchmark, with a client and a worker connection to it. */
export interface BenchTemporal {
  client: Client;
  workerConnection: NativeConnection;
  namespace: string;
  address: string;
  close(): Promise<void>;
}

/**
 * TEMPORAL_ADDRESS when set; otherwise a fresh in-memory dev server on TEMPORAL_PORT, so a
 * benchmark never competes with the history of a running `npm start`.
 */
export async function openBenchTemporal(config: Readonly<Config>, log: Logger): Promise<BenchTemporal> {
  const endpoint = await provisionTemporal(config, log, {
    persistence: 'memory',
    dataDir: dataDirPath(config.dataDir),
  });
  const connection = await Connection.connect({ address: endpoint.address });
  const workerConnection = await NativeConnection.connect({ address: endpoint.address });
  return {
    client: new Client({ connection, namespace: endpoint.namespace }),
    workerConnection,
    namespace: endpoint.namespace,
    address: endpoint.address,
    close: async () => {
      await workerConnection.close();
      await connection.close();
      await endpoint.stop();
    },
  };
}
