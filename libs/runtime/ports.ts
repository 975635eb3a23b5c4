import net from 'node:net';
import { StartupError } from '../config';

/** Fails with a StartupError naming `variable` when something already listens on the port. */
export async function assertPortFree(port: number, variable: string, what: string, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new StartupError(
      variable,
      `${variable}: port ${port} on ${host} is already in use, so ${what} cannot listen there. Stop the other process or set ${variable} to a free port.`,
    );
  }
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
