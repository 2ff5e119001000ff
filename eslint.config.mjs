// Lint is policy: module boundaries, no focused or skipped tests, no floating promises,
// exhaustive switches, configuration read in one place, zero warnings.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const frameworkAndIo = [
  '@nestjs/*',
  'typeorm',
  'typeorm-pglite',
  '@electric-sql/*',
  '@angular/*',
  'bullmq',
  'ioredis',
  'pg',
  'onnxruntime-node',
  'express',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

/** The files of tsconfig.typecheck.json: keep the two lists the same. */
const NODE_PROJECT_FILES = [
  'libs/core/*/src/**/*.ts',
  'libs/server/*/src/**/*.ts',
  'apps/api/src/**/*.ts',
  'apps/cli/src/**/*.ts',
  'apps/worker/src/**/*.ts',
  'migrations/**/*.ts',
  'tests/support/**/*.ts',
  'tests/api-testing/**/*.ts',
  'tests/integration/**/*.ts',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.angular',
      '**/.nx',
      'coverage',
      'tmp',
      'data',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // Nest injects by constructor metadata: imports used only in decorator metadata are values.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
  },
  {
    // The Node projects share one TypeScript program (tsconfig.typecheck.json), built once per
    // lint run: the project service would build one per project, each re-reading the libraries.
    files: NODE_PROJECT_FILES,
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['./tsconfig.typecheck.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Reference data for specs (JSON), shared by every project's tests.
          allow: ['@prospect/fixtures/**'],
          depConstraints: [
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: frameworkAndIo,
            },
            { sourceTag: 'lib:zero-deps', bannedExternalImports: ['*'] },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'],
              bannedExternalImports: ['@angular/*'],
            },
            // Benchmarks and maintenance scripts (bench/, tools/): any library, never the web app.
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: frameworkAndIo.filter((name) => name !== '@angular/*'),
            },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the validated config (libs/server/platform/src/config).',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name=/^(only|skip|todo)$/]',
          message: 'No focused, skipped or todo tests.',
        },
        {
          selector: 'CallExpression[callee.name=/^(xit|xdescribe|xtest|fit|fdescribe)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    // The places allowed to read the environment or write to the console.
    files: [
      'libs/server/platform/src/config/**/*.ts',
      'apps/cli/src/**/*.ts',
      'tests/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
    ],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
  prettier,
];
