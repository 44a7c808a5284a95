"use strict";
// Type checking runs once in `npm test` (tsc); mocha only transpiles.
process.env.TS_NODE_TRANSPILE_ONLY = "true";

const SUITES = ["unit", "stack", "policy", "e2e"];
// Run on their own (npm run docker-e2e): they need Debian's docker.io and busybox-static installed.
const SEPARATE = ["docker"];
// MOCHA_SUITES=unit,stack,policy runs a subset (.ci/run does, on a second Node version).
const chosen = (process.env.MOCHA_SUITES || SUITES.join(",")).split(",");
const unknown = chosen.filter((s) => !SUITES.includes(s) && !SEPARATE.includes(s));
if (unknown.length > 0) throw new Error(`MOCHA_SUITES: unknown suite ${unknown.join(", ")}; use some of ${[...SUITES, ...SEPARATE].join(", ")}`);

// Files run in three worker processes: the end-to-end tests mostly wait (group waits, gossip,
// Prometheus' resend delay), so three at a time take about half the wall time on two cores. The docker suite
// runs serially: its daemons would share one address pool. Stryker's mocha runner runs serially.
const parallel = !chosen.includes("docker") && process.env.MOCHA_SERIAL !== "true";

module.exports = {
  parallel,
  jobs: 3,
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: chosen.map((suite) => `test/${suite}/**/*.test.ts`),
  reporter: "test/support/summary-reporter.js",
  timeout: 60000,
  exit: true,
};
