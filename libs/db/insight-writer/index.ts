// The insight writer: scan results validated, grouped (group commit) and persisted in one
// transaction each through the hybrid UNNEST/COPY statements.
export * from './scan-batch.writer';
export * from './scan-group.committer';
export * from './scan-result.writer';
