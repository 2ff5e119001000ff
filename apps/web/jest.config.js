// Angular component and store tests: jest-preset-angular compiles templates (JIT) with ts-jest
// as ES modules (the root test command runs Node with --experimental-vm-modules, and Angular
// ships ES modules only), in jsdom, without zone.js (the app is zoneless).
const path = require('node:path');
const { createEsmPreset } = require('jest-preset-angular/presets');
const { jestProject } = require('../../jest.preset');

const preset = createEsmPreset({ tsconfig: path.join(__dirname, 'tsconfig.spec.json') });
const base = jestProject(__dirname, 'web');

module.exports = {
  ...base,
  ...preset,
  // jsdom through the preset's own environment (no jest-environment-jsdom dependency).
  testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
  // Node's export conditions: jsdom's default `browser` condition picks rxjs's untransformed ESM build.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  moduleNameMapper: { ...base.moduleNameMapper, ...preset.moduleNameMapper },
  // Component tests compile templates on first use: slow on a busy 2-core machine.
  testTimeout: 20_000,
  setupFilesAfterEnv: [path.join(__dirname, 'src/test-setup.ts')],
  // The web libraries have no test runner of their own: their specs run here, with the app's.
  roots: ['<rootDir>/src', path.join(__dirname, '../../libs/web')],
  testMatch: ['**/*.spec.ts'],
};
