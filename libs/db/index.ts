export * from './account.repository';
export * from './insight.repository';
export * from './migrate';
export * from './pool';
export * from './provision';
export * from './scan-result.writer';
export * from './zone.repository';
export * from './demo-seed';
