// @ts-check
/**
 * Mutation testing (`npm run mutate`, not in CI: too slow for 2 cores). MUTATE picks the area:
 * policy, config or render (default: all three). The unit, stack and policy suites are the tests;
 * the end-to-end suite is left out to keep a run within the hour.
 */
const AREAS = {
  policy: ["policy/**/*.ts", "!policy/index.ts"],
  config: ["config/**/*.ts", "!config/read.ts"],
  render: ["components/render/**/*.ts"],
};
const chosen = (process.env.MUTATE ?? Object.keys(AREAS).join(",")).split(",");
for (const area of chosen) if (!(area in AREAS)) throw new Error(`MUTATE: unknown area ${area}; use some of ${Object.keys(AREAS).join(", ")}`);
// MUTATE_SUITES=unit (say) runs fewer suites: quicker, and a lower bound of the full score (more tests only kill more).
process.env.MOCHA_SUITES = process.env.MUTATE_SUITES ?? "unit,stack,policy";
// MUTATE_SPEC='test/unit/config*.test.ts,...' (globs) runs only those test files: a lower bound again.
// It makes config/ measurable: its static mutants each restart the runner and rerun every test.
const spec = process.env.MUTATE_SPEC?.split(",");
// Stryker's mocha runner loads the test files itself, in one process.
process.env.MOCHA_SERIAL = "true";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "mocha",
  mochaOptions: { config: ".mocharc.js", ...(spec ? { spec } : {}) },
  coverageAnalysis: "perTest",
  mutate: chosen.flatMap((area) => AREAS[area]),
  ignorePatterns: [".tools", "out", "bench/tmp", "reports", ".stryker-tmp"],
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${chosen.join("-")}.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
};
