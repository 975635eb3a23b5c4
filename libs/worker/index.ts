// Temporal workers: the worker set of a process (one worker per lane role) and the workflow bundle.
export * from './worker-set';
export * from './workflow-bundle';
export * from './prebuilt-bundle';
export * from './deployment-startup';
