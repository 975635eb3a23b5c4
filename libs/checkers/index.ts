export * from './checker';
export * from './synthetic.checker';
