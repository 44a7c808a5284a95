/** `npm run route`: the real amtool's receivers for the routing table, with the program's view of paths, time intervals and inhibitions. */
import * as assert from "assert";
import { binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { explainRoute, formatAnswer, matchingRoutes } from "../../harness/route-explain";
import { ROUTING_TABLE, routedReceivers } from "../../harness/scenarios";
import { stackConfig } from "../../offline/program";
import { runScript } from "../support/exec";

/** Sunday 2026-12-06 02:30 in Los Angeles: inside the maintenance window, outside business hours. */
const SUNDAY_NIGHT = new Date("2026-12-06T10:30:00Z");
/** Tuesday 2026-12-08 10:00 in Los Angeles: business hours. */
const TUESDAY_MORNING = new Date("2026-12-08T18:00:00Z");

describe("npm run route", function () {
  this.timeout(60_000);
  const spec = deployedSpec(stackConfig("prod"));
  const explain = (labels: Record<string, string>, at = TUESDAY_MORNING) => explainRoute(spec, { tenant_id: "t1", ...labels }, at, binaries().amtool);

  const singleAlert = ROUTING_TABLE.filter((s) => s.alerts.length === 1);
  it(`gives the routing table's receivers for its ${singleAlert.length} single-alert rows`, () => {
    assert.ok(singleAlert.length >= 8);
    for (const scenario of singleAlert) {
      assert.deepStrictEqual(
        explain(scenario.alerts[0]).receivers.map((r) => r.receiver),
        routedReceivers(scenario),
        scenario.name,
      );
    }
  });

  it("a label value with a comma, a space and quotes reaches amtool whole (the receivers agree with the program's walk)", () => {
    const answer = explain({ alertname: "QueueDepthHigh", severity: "critical", tenant_id: 'acme, "eu" west' });
    assert.deepStrictEqual(
      answer.receivers.map((r) => r.receiver),
      ["oncall-critical"],
    );
  });

  it("names each receiver's integrations and the route path that reached it", () => {
    const [team, oncall] = explain({ alertname: "EnhancementSuccessRateLow", severity: "critical", domain: "artemis" }).receivers;
    assert.deepStrictEqual(team.path, [[], ['domain="artemis"']]);
    assert.deepStrictEqual(oncall.integrations, ["slack", "pagerduty", "webhook", "msteams", "email"]);
  });

  it("a muted time interval: slack-alerts is muted during the maintenance window, and says so", () => {
    const [slackAlerts] = explain({ alertname: "QueueDepthHigh", severity: "warning" }, SUNDAY_NIGHT).receivers;
    assert.deepStrictEqual(slackAlerts.mutedBy, [{ name: "maintenance-window", activeNow: true }]);
    assert.strictEqual(slackAlerts.deliversNow, false);
    assert.strictEqual(explain({ alertname: "QueueDepthHigh", severity: "warning" }).receivers[0].deliversNow, true);
  });

  it("an active-only interval: low-noise delivers in business hours only", () => {
    const info = { alertname: "DailyDigest", severity: "info" };
    assert.deepStrictEqual(explain(info).receivers[0].activeOnlyDuring, [{ name: "business-hours", activeNow: true }]);
    assert.strictEqual(explain(info, SUNDAY_NIGHT).receivers[0].deliversNow, false);
  });

  it("an inhibition: a warning can be suppressed by the critical of the same alert and tenant", () => {
    const answer = explain({ alertname: "ConnectorDown", severity: "warning" });
    assert.deepStrictEqual(answer.inhibitedBy, [{ sourceMatchers: ['severity="critical"'], equal: ["alertname", "tenant_id"] }]);
    assert.match(formatAnswer(answer), /Could be inhibited .*\n {3}by severity="critical" \(same alertname, tenant_id\)/);
    assert.deepStrictEqual(explain({ alertname: "ConnectorDown", severity: "critical" }).inhibitedBy, []);
  });

  it("walks routes as Alertmanager does: continue, first match, the parent when no child matches", () => {
    const tree = {
      receiver: "root",
      routes: [
        { matchers: ['a="1"'], receiver: "first", continue: true },
        { matchers: ['a="1"'], receiver: "second" },
        { matchers: ['a="1"'], receiver: "never" },
        { matchers: ['b="1"'], routes: [{ matchers: ['c="1"'], receiver: "deep" }] },
      ],
    };
    assert.deepStrictEqual(
      matchingRoutes(tree, { a: "1" }).map((m) => m.receiver),
      ["first", "second"],
    );
    assert.deepStrictEqual(
      matchingRoutes(tree, { b: "1" }).map((m) => m.receiver),
      ["root"],
      "the b route inherits root's receiver",
    );
    assert.deepStrictEqual(
      matchingRoutes(tree, { b: "1", c: "1" }).map((m) => [m.receiver, m.path.length]),
      [["deep", 3]],
    );
    assert.deepStrictEqual(
      matchingRoutes(tree, { z: "1" }).map((m) => m.receiver),
      ["root"],
    );
  });

  it("the command names a bad label and a bad time, and exits 1", () => {
    const badLabel = runScript("scripts/route.ts", ["--stack", "prod", "severity"]);
    assert.strictEqual(badLabel.status, 1);
    assert.match(badLabel.output, /route: label "severity" is not name=value with a label name such as severity/);
    const badTime = runScript("scripts/route.ts", ["--stack", "prod", "--at", "tomorrow", "severity=critical"]);
    assert.strictEqual(badTime.status, 1);
    assert.match(badTime.output, /route: --at "tomorrow" is not a time; use ISO 8601/);
  });
});
