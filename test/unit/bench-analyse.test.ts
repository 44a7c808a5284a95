import * as assert from "assert";
import { analyse, instancesIn, percentile } from "../../bench/analyse";
import type { Notification } from "../../harness/pipeline";

const slack = (at: number, receiver: string, title: string, instances: string[]): Notification => {
  const body = { attachments: [{ title, text: instances.map((i) => `*Labels:* \`instance=${i}\``).join("\n") }] };
  return { at, receiver, kind: "slack", body, text: JSON.stringify(body), key: "k" };
};
const webhook = (at: number, instances: string[]): Notification => {
  const body = { alerts: instances.map((instance) => ({ labels: { instance } })) };
  return { at, receiver: "oncall-critical", kind: "webhook", body, text: JSON.stringify(body), key: "w" };
};

describe("bench analysis", () => {
  it("reads the alert instances a notification carries", () => {
    assert.deepStrictEqual(instancesIn(slack(0, "r", "t", ["p0-i1", "p0-i2"])), ["p0-i1", "p0-i2"]);
    assert.deepStrictEqual(instancesIn(webhook(0, ["p0-i3"])), ["p0-i3"]);
  });

  it("counts lost alerts, duplicates (same receiver, same alert set) and overhead past group_wait", () => {
    const sent = ["p0-i1", "p0-i2", "p0-i3"].map((instance) => ({ instance, sentAt: 1000, labels: { instance } }));
    const notifications = [
      slack(3500, "slack-alerts", "[FIRING:2] X", ["p0-i1", "p0-i2"]),
      slack(18500, "slack-alerts", "[FIRING:2] X", ["p0-i2", "p0-i1"]),
      slack(7000, "slack-alerts", "[FIRING:1] X", ["p0-i1"]),
    ];
    const f = analyse(sent, notifications, () => 2000, { accepted: 3, attempted: 3 });
    assert.strictEqual(f.lost, 1);
    assert.strictEqual(f.duplicates, 1);
    assert.deepStrictEqual(f.overheadMs, { p50: 500, p95: 500, p99: 500, max: 500 });
    assert.deepStrictEqual(f.notificationsPerReceiver, { "slack-alerts:slack": 3 });
    assert.strictEqual(f.alertsPerNotification, 1.7);
  });

  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.strictEqual(percentile(values, 50), 50);
    assert.strictEqual(percentile(values, 99), 99);
    assert.strictEqual(percentile([], 99), 0);
  });
});
