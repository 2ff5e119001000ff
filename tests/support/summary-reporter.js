// Prints one closing line that CI tools read regardless of runner: "Tests: N passed, N failed",
// after the ten slowest test files (where CI time goes).
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const slowest = results.testResults
      .map((file) => ({ file: path.relative(process.cwd(), file.testFilePath), ms: file.perfStats.runtime }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (slowest.length > 1) {
      process.stdout.write('\nSlowest test files:\n');
      for (const { file, ms } of slowest)
        process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}\n`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\nTests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
module.exports = SummaryReporter;
