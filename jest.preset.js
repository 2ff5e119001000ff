// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for Nest),
// type-checking is the separate `typecheck` target. Aliases mirror tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const workspaceRoot = __dirname;

// `@prospect/fixtures/<file>` reaches tests/fixtures from any project's specs.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) =>
    alias.endsWith('/*')
      ? [
          `^${alias.slice(0, -2).replace(/[/]/g, '\\/')}/(.*)$`,
          path.join(workspaceRoot, target.replace('*', '$1')),
        ]
      : [`^${alias.replace(/[/]/g, '\\/')}$`, path.join(workspaceRoot, target)],
  ),
);

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** Jest project settings for the project in `projectDir`. */
function jestProject(projectDir, displayName, overrides = {}) {
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: path.join(workspaceRoot, 'tests/support/node-environment.js'),
    transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    moduleNameMapper,
    ...overrides,
  };
}

module.exports = { jestProject, workspaceRoot };
