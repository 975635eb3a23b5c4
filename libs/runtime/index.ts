// Process plumbing every entry point shares: the main-function wrapper and port checks.
export * from './ports';
export * from './run-main';
