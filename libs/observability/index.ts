// Worker observability: our Prometheus metrics, the SDK's, the metrics/health endpoint, SDK logs through pino.
export * from './metrics-server';
export * from './sdk-logger';
export * from './worker-metrics';
export * from './worker-runtime';
