const { jestProject } = require('../../jest.preset.js');
// Integration tests run jobs and hash passwords (memory-hard) for real: Jest's 5 s default is
// too tight for a shared 2-core machine.
module.exports = jestProject(__dirname, 'api', { testTimeout: 30_000 });
