export * from './test-app';
export * from './trial-setup';
