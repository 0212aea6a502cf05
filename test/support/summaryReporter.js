'use strict';
// The spec reporter, plus one closing line in the plain "N passed, N failed" form that CI logs are read for,
// preceded by the reason of each suite skipped with skipSuite() (test/support/skipSuite.ts).
const Mocha = require('mocha');

function skipReasonOf(test) {
  for (let suite = test.parent; suite; suite = suite.parent) {
    if (suite.skipReason) return { suite, reason: suite.skipReason };
  }
  return undefined;
}

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const reasons = new Map();
    runner.on('pending', (test) => {
      const found = skipReasonOf(test);
      if (found) reasons.set(found.suite.fullTitle(), found.reason);
    });
    runner.once('end', () => {
      const { passes, failures, pending } = this.stats;
      for (const [suite, reason] of reasons) process.stdout.write(`\nskipped "${suite}": ${reason}`);
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithSummary;
