/** Injection tokens: shared collaborators are provided once, by token. */
export const PG_POOL = Symbol('PG_POOL');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const API_LOGGER = Symbol('API_LOGGER');
/** The scheduler's Temporal client (lazy: the API serves insights while Temporal is down). */
export const SCHEDULER_GATEWAY = Symbol('SCHEDULER_GATEWAY');
export const LEADER_ELECTION = Symbol('LEADER_ELECTION');
export const METRICS = Symbol('METRICS');
