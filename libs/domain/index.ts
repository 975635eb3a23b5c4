export * from './duration';
export * from './errors';
export * from './fingerprint';
export * from './insight';
export * from './names';
export * from './scheduling';
export * from './severity';
export * from './lanes';
