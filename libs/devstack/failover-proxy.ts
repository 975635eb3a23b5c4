import net from 'node:net';
import type { Logger } from '../config';

export interface FailoverProxy {
  url: string;
  port: number;
  /** The backend port connections go to now (the active API instance), if any. */
  target(): number | undefined;
  close(): Promise<void>;
}

/**
 * The load balancer compose leaves to the platform, for `npm run cluster`: one port in front
 * of the API instances that forwards each new TCP connection to the instance answering 200 on
 * /health/ready (the one holding the leader lock). It checks every `intervalMs`; when the
 * active instance dies its connections close, and new ones go to the instance that took the
 * lock (passive ones answer 503 until then).
 */
export async function startFailoverProxy(options: {
  host: string;
  port: number;
  backends: number[];
  log: Logger;
  intervalMs?: number;
}): Promise<FailoverProxy> {
  const { host, backends, log } = options;
  let active: number | undefined;
  let stopped = false;
  const sockets = new Set<net.Socket>();

  const check = async () => {
    const results = await Promise.all(
      backends.map(async (port) => {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) });
          await response.body?.cancel();
          return response.ok ? port : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    const ready = results.find((port) => port !== undefined);
    if (ready !== active) {
      log.info(
        { from: active, to: ready },
        ready ? 'API proxy: forwarding to the active instance' : 'API proxy: no active API instance',
      );
      active = ready;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    void check().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 200);
    });
  };
  await check();
  loop();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (active === undefined) {
      client.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: active });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    port,
    target: () => active,
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
