// Mocha's spec reporter, closed by the plain "N passed, N failed" line that CI reads.
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      process.stdout.write(`${runner.stats.passes} passed, ${runner.stats.failures} failed\n`);
    });
  }
}

module.exports = SpecWithSummary;
