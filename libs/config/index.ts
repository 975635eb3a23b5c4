export * from './config';
export * from './logger';
export * from './paths';
export * from './startup-error';
