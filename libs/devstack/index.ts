// The development stack: what `npm start`, the CLI, benchmarks and tests provision for
// themselves (a Temporal dev server, an embedded PostgreSQL). Production entry points never
// import it (lint-enforced).
export * from './database';
export * from './embedded-postgres';
export * from './temporal-cli';
export * from './temporal-server';
export * from './cluster';
export * from './cluster-shape';
export * from './failover-proxy';
export * from './temporal-cluster';
export * from './temporal-server-build';
export * from './machine-lock';
