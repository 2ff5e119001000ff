/**
 * `@prospect/domain`: roles, trial identity and the versioned protocol content model, with
 * validation that reports readable issues. Pure TypeScript plus zod, so the server, the CLI and
 * the browser all validate protocols with exactly the same rules. Also two example trial
 * definitions (`EXAMPLE_TRIALS`), for the CLI's synthetic cohorts, demos and tests.
 */
export * from './roles';
export * from './trial';
export * from './protocol';
export * from './validation';
export * from './examples';
