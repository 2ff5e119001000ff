export * from './gateway';
export * from './sandbox';
