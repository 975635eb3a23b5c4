export * from './duration';
export * from './errors';
export * from './finding-kinds';
export * from './fingerprint';
export * from './insight';
export * from './names';
export * from './scheduling';
export * from './severity';
