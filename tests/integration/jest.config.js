const { jestProject } = require('../../jest.preset.js');
// The fault stage: real PostgreSQL and Redis (through proxies the tests cut), worker processes
// started from the build and killed. One file at a time: they time recoveries on a 2-core machine.
module.exports = {
  ...jestProject(__dirname, 'integration', { testTimeout: 240_000 }),
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/../support/summary-reporter.js'],
};
