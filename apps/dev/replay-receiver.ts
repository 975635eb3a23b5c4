import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver on loopback for the notification replay scenarios: status per request, in order. */
export interface ScenarioReceiver {
  url: string;
  /** How many requests it got so far. */
  received(): number;
  close(): Promise<void>;
}

/** Answers the n-th request (0-based) with `status(n)`; the body is read and dropped. */
export async function startScenarioReceiver(status: (n: number) => number): Promise<ScenarioReceiver> {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(status(count++)).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/replay`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
