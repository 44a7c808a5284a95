"use strict";
// Type checking runs once in `npm test` (tsc); mocha only transpiles.
process.env.TS_NODE_TRANSPILE_ONLY = "true";

module.exports = {
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: ["test/unit/**/*.test.ts", "test/stack/**/*.test.ts", "test/policy/**/*.test.ts", "test/e2e/**/*.test.ts"],
  reporter: "test/support/summary-reporter.js",
  timeout: 60000,
  exit: true,
};
