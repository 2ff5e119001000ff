export * from './gateway';
export * from './sandbox';
export * from './records';
