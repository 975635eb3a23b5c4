/** Injection tokens: the pool and the configuration are provided once, by token. */
export const PG_POOL = Symbol('PG_POOL');
export const APP_CONFIG = Symbol('APP_CONFIG');
