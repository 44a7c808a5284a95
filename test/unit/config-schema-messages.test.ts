/** config/schema.ts and its parts: each list, map and pattern refuses bad input with its own message, under the key. */
import * as assert from "assert";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/spec";

const base = { target: "local" };
const ALERTS = 'names "Nope", not a preset alert; use one of EnhancementSuccessRateLow, ';

/** [key path as printed, values over a minimal local config, the message after the key] */
const cases: [title: string, values: Record<string, unknown>, expected: string][] = [
  ["group_by entry neither a label nor ...", { route: { receiver: "null", groupBy: [1] } }, 'alerting:route.groupBy[0]: 1 is not a label name or "..."'],
  ["e-mail without addresses", { receivers: [{ name: "null", email: { to: [] } }] }, "alerting:receivers[0].email.to: [] is empty; list at least one address"],
  [
    "time interval without intervals",
    { timeIntervals: [{ name: "t", intervals: [] }] },
    "alerting:timeIntervals[0].intervals: [] is empty; list at least one interval",
  ],
  ["threshold warning not a number", { rules: { successRate: { warning: "high" } } }, 'alerting:rules.successRate.warning: "high" is not a number'],
  ["threshold critical not a number", { rules: { queueDepth: { critical: "x" } } }, 'alerting:rules.queueDepth.critical: "x" is not a number'],
  ["external labels not a map", { prometheus: { externalLabels: "eu" } }, 'alerting:prometheus.externalLabels: "eu" is not a map of label names to values'],
  [
    "scrape job without targets",
    { prometheus: { scrapeJobs: [{ name: "w", targets: [] }] } },
    "alerting:prometheus.scrapeJobs[0].targets: [] is empty; list at least one host:port",
  ],
  [
    "metrics path without its leading slash",
    { prometheus: { scrapeJobs: [{ name: "w", targets: ["a:1"], metricsPath: "x/metrics" }] } },
    'alerting:prometheus.scrapeJobs[0].metricsPath: "x/metrics" is not a path; use e.g. /metrics',
  ],
  ["log size with text before it", { local: { logMaxSize: "x10m" } }, 'alerting:local.logMaxSize: "x10m" is not a log size; use e.g. 10m'],
  ["log size with text after it", { local: { logMaxSize: "10mb" } }, 'alerting:local.logMaxSize: "10mb" is not a log size; use e.g. 10m'],
  ["log size without a unit", { local: { logMaxSize: "10" } }, 'alerting:local.logMaxSize: "10" is not a log size; use e.g. 10m'],
  ["log size with another unit", { local: { logMaxSize: "10t" } }, 'alerting:local.logMaxSize: "10t" is not a log size; use e.g. 10m'],
  [
    "web user name with a bad first character",
    { web: { username: "!ops" } },
    'alerting:web.username: "!ops" is not a user name; use letters, digits, _, . and -',
  ],
  [
    "web user name with a bad last character",
    { web: { username: "ops!" } },
    'alerting:web.username: "ops!" is not a user name; use letters, digits, _, . and -',
  ],
  [
    "web user name too long",
    { web: { username: "a".repeat(65) } },
    `alerting:web.username: "${"a".repeat(65)}" is not a user name; use letters, digits, _, . and -`,
  ],
  ["no receivers", { receivers: [] }, "alerting:receivers: [] is empty; define at least the root route's receiver"],
  ["a pending duration for an unknown alert", { rules: { for: { Nope: "5m" } } }, `alerting:rules.for: ${ALERTS}`],
  [
    "pending durations for two unknown alerts",
    { rules: { for: { Nope: "5m", Nah: "1m" } } },
    'alerting:rules.for: names "Nope", "Nah", not a preset alert; use one of EnhancementSuccessRateLow, ',
  ],
  ["pending durations not a map", { rules: { for: "5m" } }, 'alerting:rules.for: "5m" is not a map of alert names to durations'],
];

describe("config/schema: the message of each list, map and pattern", () => {
  for (const [title, values, expected] of cases) {
    it(title, () => {
      assert.throws(
        () => parseConfig({ ...base, ...values }),
        (err: ConfigError) => {
          assert.ok(err.message.includes(expected), `expected ${JSON.stringify(expected)} in:\n${err.message}`);
          return true;
        },
      );
    });
  }

  it("the patterns' happy paths: a log size of 10m, 100k or 1g; a user name of 64 letters, digits, _, . and -", () => {
    for (const logMaxSize of ["10m", "100k", "1g"]) parseConfig({ ...base, local: { logMaxSize } });
    for (const username of ["ops", "a.b-c_d", "a".repeat(64)]) parseConfig({ ...base, web: { username } });
    parseConfig({ ...base, prometheus: { scrapeJobs: [{ name: "w", targets: ["a:1"], metricsPath: "/x/metrics" }] } });
  });

  it("what Alertmanager accepts: a sub-route without matchers (a catch-all), an inhibit rule with an empty side", () => {
    const config = parseConfig({
      ...base,
      routes: [{ receiver: "null", continue: true }],
      inhibitRules: [{ sourceMatchers: ['alertname="InfoInhibitor"'] }, { targetMatchers: ['severity="info"'] }],
    });
    assert.deepStrictEqual(config.routes[0].matchers, []);
    assert.deepStrictEqual(
      config.inhibitRules.map((r) => [r.sourceMatchers, r.targetMatchers]),
      [
        [['alertname="InfoInhibitor"'], []],
        [[], ['severity="info"']],
      ],
    );
  });
});
