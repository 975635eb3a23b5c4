/** Injection tokens: shared collaborators are provided once, by token. */
export const PG_POOL = Symbol('PG_POOL');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const API_LOGGER = Symbol('API_LOGGER');
/** The scheduler's control (its Temporal client is lazy: the API serves insights while Temporal is down). */
export const SCHEDULER_CONTROL = Symbol('SCHEDULER_CONTROL');
export const LEADER_ELECTION = Symbol('LEADER_ELECTION');
export const METRICS = Symbol('METRICS');
