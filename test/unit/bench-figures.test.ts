/** The benchmark's derived figures and its results page: sizing, capacity verdict, RSS slope, charts. */
import * as assert from "assert";
import { XMLValidator } from "fast-xml-parser";
import { slope } from "../../bench/analyse";
import { CapacityStep, limitedBy } from "../../bench/capacity";
import type { ProfileResult } from "../../bench/load";
import { BenchResults, formatResults } from "../../bench/report";
import { resultCharts } from "../../bench/result-charts";
import { alertsHeld } from "../../bench/sizing";

const profile = (name: string, replicas: number): ProfileResult => ({
  profile: name,
  replicas,
  ratePerSecond: 100,
  specifiedSeconds: 60,
  seconds: 10,
  achievedRate: 100,
  alertsSent: 1000,
  postingsAccepted: 300,
  postingsAttempted: 300,
  lost: 0,
  duplicates: 0,
  notificationsPerReceiver: {},
  alertsPerNotification: 5,
  overheadMs: { p50: 1, p95: 5, p99: 9, max: 12 },
  overheadCdf: [
    [0, 0.2],
    [1, 0.6],
    [9, 0.8],
    [12, 1],
  ],
  processes: { "alertmanager-0": { peakRssBytes: 50 * 2 ** 20, cpuSeconds: 1.5 } },
  alertmanagerCpuPer1000: replicas * 0.5,
});

const results: BenchResults = {
  date: "2026-12-03T18:00:00.000Z",
  full: false,
  machine: { cpus: 2, model: "AMD EPYC", memoryBytes: 24 * 2 ** 30, node: "v20.20.2", platform: "linux 6.1" },
  versions: { alertmanager: "alertmanager, version 0.33.1", prometheus: "prometheus, version 3.5.3" },
  settings: { replicas: 3, peerTimeout: "15s", fastTimings: { groupWait: "2s", groupInterval: "4s", repeatInterval: "1h", peerTimeout: "3s" } },
  limits: { alertmanager: { memoryBytes: 256 * 2 ** 20, cpu: 0.5 }, prometheus: { memoryBytes: 4 * 2 ** 30, cpu: 2 } },
  profiles: [profile("busy 100/s", 3)],
  sideBySide: { one: profile("busy 100/s", 1), three: profile("busy 100/s", 3) },
  capacity: {
    cores: 2,
    stepSeconds: 3,
    steps: [{ targetRate: 1000, achievedRate: 1000, sent: 3000, lost: 0, duplicates: 0, alertmanagerCpu: 0.6, generatorCpu: 0.3 }],
    highestCleanRate: 1000,
    limitedBy: "not reached: every step was clean",
  },
  sizing: {
    levels: [
      { activeAlerts: 1000, rssMib: { "alertmanager-0": 40 }, queryMs: { p50: 5, p99: 8 }, notifications: 10, alertsPerNotification: 100 },
      { activeAlerts: 100000, rssMib: { "alertmanager-0": 190 }, queryMs: { p50: 900, p99: 1200 }, notifications: 1000, alertsPerNotification: 100 },
    ],
    mibPer1000Alerts: 1.52,
    memoryLimitMib: 256,
    holdsAlerts: 101000,
  },
  failover: { trials: 3, expectedMs: 5000, delaysMs: [5100, 5000, 5200], lost: 0, duplicates: 0 },
  configScale: [{ configuration: "1000 routes", programMs: 900, alertmanagerLoadMs: 300 }],
  durationSeconds: 600,
};

describe("bench figures", () => {
  it("slope: the least-squares growth of a series; flat or too short is 0", () => {
    assert.strictEqual(
      slope([
        [0, 10],
        [1, 12],
        [2, 14],
      ]),
      2,
    );
    assert.strictEqual(
      slope([
        [0, 10],
        [1, 10],
      ]),
      0,
    );
    assert.strictEqual(slope([[0, 10]]), 0);
    assert.strictEqual(
      slope([
        [1, 10],
        [1, 20],
      ]),
      0,
    );
  });

  it("alertsHeld: the room under the limit after 25% headroom, over the memory per alert", () => {
    // 256 MiB x 0.75 = 192 MiB; 192 - 42 = 150 MiB; at 1.5 MiB per 1,000: 100,000 alerts.
    assert.strictEqual(alertsHeld(256, 42, 1.5), 100_000);
    assert.strictEqual(alertsHeld(256, 250, 1.5), 0);
    assert.strictEqual(alertsHeld(256, 42, 0), Number.POSITIVE_INFINITY);
  });

  describe("limitedBy: what stopped the capacity steps", () => {
    const step: CapacityStep = { targetRate: 8000, achievedRate: 8000, sent: 24000, lost: 3, duplicates: 0, alertmanagerCpu: 0.5, generatorCpu: 0.4 };
    it("no unclean step: not reached", () => assert.strictEqual(limitedBy(undefined, 2), "not reached: every step was clean"));
    it("the rate not kept with the generator idle: the Alertmanagers' answers", () =>
      assert.strictEqual(
        limitedBy({ ...step, achievedRate: 7000 }, 2),
        "the Alertmanagers: their answers held the rate down (Alertmanager CPU 0.5 of the 1.6 cores left)",
      ));
    it("the generator's thread busy: the generator", () =>
      assert.strictEqual(limitedBy({ ...step, generatorCpu: 0.95 }, 2), "the load generator's CPU (one Node thread)"));
    it("the cores left to Alertmanager used up: Alertmanager", () =>
      assert.strictEqual(limitedBy({ ...step, alertmanagerCpu: 1.5 }, 2), "the Alertmanagers' CPU (Alertmanager CPU 1.5 of the 1.6 cores left)"));
    it("neither busy", () => assert.strictEqual(limitedBy(step, 2), "neither CPU was saturated: loss or duplicates came first"));
  });
});

describe("bench results page and charts", () => {
  const charts = resultCharts(results);

  it("writes the three charts, each well-formed SVG with its series", () => {
    assert.deepStrictEqual(Object.keys(charts), ["latency-cdf.svg", "rss-vs-active-alerts.svg", "replicas-1-vs-3.svg"]);
    for (const svg of Object.values(charts)) assert.strictEqual(XMLValidator.validate(svg), true);
    assert.match(charts["latency-cdf.svg"], /<g class="series" data-series="busy 100\/s"/);
    assert.match(charts["rss-vs-active-alerts.svg"], /<g class="series" data-series="alertmanager-0" data-points="2"/);
    assert.match(charts["replicas-1-vs-3.svg"], /data-series="1 replica"/);
    assert.match(charts["replicas-1-vs-3.svg"], /data-series="3 replicas"/);
  });

  it("the page has every section's figures and links the charts", () => {
    const page = formatResults(
      results,
      Object.keys(charts).map((f) => `charts/${f}`),
    );
    assert.match(page, /3 replicas \/ 1 replica: CPU 3x, overhead p99 1x\./);
    assert.match(page, /Highest clean rate: \*\*1000 alerts\/s\*\*\. Limited by: not reached: every step was clean\./);
    assert.match(page, /The default limit \(256 MiB\) holds \*\*101000 active alerts\*\* with 25% headroom\./);
    assert.match(page, /\| 5000 ms \| 5100 ms \| 5200 ms \| 5000, 5100, 5200 \|/);
    assert.match(page, /\| 1000 routes \| 900 ms \| 300 ms \|/);
    assert.match(page, /!\[latency-cdf\.svg\]\(charts\/latency-cdf\.svg\)/);
  });

  it("a side by side of different durations says it is not comparable, and gives no ratio", () => {
    const page = formatResults({ ...results, sideBySide: { one: profile("busy 100/s", 1), three: { ...profile("busy 100/s", 3), seconds: 60 } } }, []);
    assert.match(page, /\| 3 \| 60s \| 0 \| 0 \|/);
    assert.match(page, /Not comparable: the two sides ran for different durations\./);
    assert.doesNotMatch(page, /3 replicas \/ 1 replica:/);
  });
});
