/** The chaos tally and report: what counts as lost and duplicated, and what the results page says. */
import * as assert from "assert";
import { tally } from "../../harness/alert-flow";
import type { ChaosResult } from "../../harness/chaos";
import { describeFigures, formatChaos } from "../../harness/chaos-report";
import type { Notification } from "../../harness/notifications";

const notification = (text: string): Notification => ({ at: 0, receiver: "slack-urgent", kind: "slack", body: {}, text, key: "r2slack" });

describe("chaos tally", () => {
  const sent = ["run-1", "run-2", "run-12"];

  it("an alert in one notification is delivered once: not lost, no duplicate", () => {
    assert.deepStrictEqual(tally("run", sent, [notification("run-1"), notification("run-2"), notification("run-12")]), { sent: 3, lost: [], duplicates: 0 });
  });

  it("an alert no notification mentions is lost; run-12 does not stand in for run-1", () => {
    assert.deepStrictEqual(tally("run", sent, [notification("tenant run-12"), notification("run-2")]).lost, ["run-1"]);
  });

  it("each notification beyond the first for an alert is a duplicate; a tenant twice in one notification counts once", () => {
    const got = tally("run", sent, [notification("run-1 run-1"), notification("run-1"), notification("run-2"), notification("run-12"), notification("run-1")]);
    assert.deepStrictEqual(got, { sent: 3, lost: [], duplicates: 2 });
  });

  it("another run's alerts are not counted", () => {
    assert.deepStrictEqual(tally("run", ["run-1"], [notification("other-1")]).lost, ["run-1"]);
  });
});

describe("chaos report", () => {
  const result: ChaosResult = {
    scenario: "partition",
    sent: 107,
    lost: [],
    duplicates: 31,
    measured: { detectMs: 7700, healMs: 800, notShown: 1 },
    broken: [],
  };

  it("one line per scenario: counts, then the named timings in seconds", () => {
    assert.strictEqual(describeFigures(result), "partition: sent 107, lost 0, duplicates 31; partition detected 7.7 s, back to 3 peers after healing 0.8 s");
  });

  it("the results page names the machine, the versions and each scenario's settings and broken promises", () => {
    const page = formatChaos({
      date: "2026-12-03T18:00:00.000Z",
      machine: { cpus: 2, model: "AMD EPYC", memoryBytes: 24 * 2 ** 30, node: "v20.20.2", platform: "linux 6.1" },
      versions: { alertmanager: "alertmanager, version 0.33.1", prometheus: "prometheus, version 3.5.3" },
      durationSeconds: 400,
      settings: { partition: "50 alerts/s" },
      results: [result, { ...result, scenario: "rolling update", lost: ["roll-7"], broken: ["replica 1 lost the silence in the roll"] }],
    });
    assert.match(page, /on 2 x AMD EPYC, 24576 MiB, linux 6\.1, Node v20\.20\.2, in 400s\./);
    assert.match(page, /alertmanager, version 0\.33\.1; prometheus, version 3\.5\.3\./);
    assert.match(page, /\| partition \| 50 alerts\/s \| 107 \| 0 \| 31 \| partition detected 7\.7 s; back to 3 peers after healing 0\.8 s \| none \|/);
    assert.match(page, /\| rolling update \| {2}\| 107 \| 1 \| 31 \| .* \| replica 1 lost the silence in the roll \|/);
  });
});
