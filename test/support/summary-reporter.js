"use strict";
/** Mocha's spec output, then the one line CI reads: `tests: N passed, M failed`. */
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once("end", () => {
      const { passes, failures } = runner.stats;
      console.log(`tests: ${passes} passed, ${failures} failed`);
    });
  }
}

module.exports = SummaryReporter;
