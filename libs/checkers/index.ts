export * from './checker';
export * from './dns.checker';
export * from './http.checker';
export * from './synthetic.checker';
export * from './tls.checker';
export * from './checker-registry';
