// Every project's unit (*.spec.ts) and integration (*.int-spec.ts) tests in one run.
// Integration tests use PGlite, or PostgreSQL when DATABASE_URL is set (CI).
module.exports = {
  projects: [
    '<rootDir>/libs/core/domain',
    '<rootDir>/libs/core/ledger',
    '<rootDir>/libs/server/platform',
    '<rootDir>/libs/server/trials',
    '<rootDir>/libs/server/enrollment',
    '<rootDir>/libs/core/fhir',
    '<rootDir>/libs/server/fhir',
    '<rootDir>/libs/core/synth',
    '<rootDir>/libs/core/imaging',
    '<rootDir>/libs/core/radiomics',
    '<rootDir>/libs/core/models',
    '<rootDir>/libs/core/stats',
    '<rootDir>/libs/core/cdisc',
    '<rootDir>/libs/core/report',
    '<rootDir>/libs/core/economics',
    '<rootDir>/libs/core/analysis',
    '<rootDir>/libs/server/models',
    '<rootDir>/libs/server/imaging',
    '<rootDir>/libs/server/locks',
    '<rootDir>/libs/server/outcomes',
    '<rootDir>/migrations',
    '<rootDir>/apps/api',
    '<rootDir>/apps/cli',
    '<rootDir>/apps/worker',
    '<rootDir>/apps/web',
  ],
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  // PGlite boots per test file; keep the two cores busy without starving them.
  maxWorkers: 2,
};
