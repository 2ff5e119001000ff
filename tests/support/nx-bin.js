// Nx's command-line entry, wherever this Nx version keeps it (its package.json says): the test
// runners (tests/e2e/run.js, tests/integration/run.js) build through it.
'use strict';
const { join } = require('node:path');

function nxBin(root) {
  const manifest = require.resolve('nx/package.json', { paths: [root] });
  const { bin } = require(manifest);
  return join(manifest, '..', typeof bin === 'string' ? bin : bin.nx);
}

module.exports = { nxBin };
