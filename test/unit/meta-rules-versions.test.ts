/**
 * The meta rules that read notification metrics, run by the real promtool on series shaped as the
 * pinned versions expose them (Alertmanager 0.33, Prometheus 3.5) and as the newer ones do
 * (Alertmanager 0.34: authError and rateLimited split out of clientError; Prometheus 3.10+: one
 * send queue per Alertmanager, `sent` counting only delivered alerts). docs/versions.md says why.
 */
import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { renderRuleFiles } from "../../components/render/rules";
import { Binaries, binaries } from "../../harness/binaries";
import { run } from "../support/exec";
import { tempDir } from "../support/files";
import { localSpec } from "../support/render-fixtures";

/** Every reason Alertmanager initialises `alertmanager_notifications_failed_total` with, at 0, for each integration. */
const REASONS = {
  "0.33": ["other", "clientError", "serverError", "contextCanceled", "contextDeadlineExceeded"],
  "0.34": ["other", "clientError", "serverError", "contextCanceled", "contextDeadlineExceeded", "authError", "rateLimited"],
} as const;
type AlertmanagerVersion = keyof typeof REASONS;

/** Long enough for a 5m rate and every rule's `for` (15m at most) to have passed at EVAL. */
const SAMPLES = "x40";
const EVAL = "30m";
const runbook = (alert: string) => `https://runbooks.example.com/alerting/${alert}`;

/** One replica's notification counters: `total` attempts per minute, `failed` per reason per minute; every other reason at 0. */
function replicaSeries(version: AlertmanagerVersion, instance: string, total: number, failed: Partial<Record<string, number>> = {}) {
  const labels = (extra: string) => `{job="alertmanager", instance="${instance}", integration="slack"${extra}}`;
  return [
    { series: `alertmanager_notifications_total${labels("")}`, values: `0+${total}${SAMPLES}` },
    ...REASONS[version].map((reason) => ({
      series: `alertmanager_notifications_failed_total${labels(`, reason="${reason}"`)}`,
      values: `0+${failed[reason] ?? 0}${SAMPLES}`,
    })),
  ];
}

describe("meta rules on the notification metrics of old and new versions (real promtool test rules)", function () {
  this.timeout(60_000);
  let bin: Binaries;
  const tmp = tempDir("meta-rules-versions");
  const rules = path.join(tmp.dir, "meta.yml");
  before(() => {
    bin = binaries();
    writeFileSync(rules, renderRuleFiles(localSpec({ alertmanager: { replicas: 3 }, rules: { presets: ["meta"] } }))["meta.yml"]);
  });
  after(() => tmp.remove());

  function promtoolTest(name: string, input_series: object[], alertname: string, exp_alerts: object[]): void {
    const file = path.join(tmp.dir, `${name}.test.yml`);
    writeFileSync(
      file,
      stringify({
        rule_files: [rules],
        evaluation_interval: "1m",
        tests: [{ interval: "1m", input_series, alert_rule_test: [{ eval_time: EVAL, alertname, exp_alerts }] }],
      }),
    );
    const result = run(bin.promtool, ["test", "rules", file]);
    assert.strictEqual(result.status, 0, result.output);
  }

  const failing = (instance: string, share: string) => ({
    exp_labels: { severity: "warning", job: "alertmanager", instance, integration: "slack" },
    exp_annotations: {
      summary: "An Alertmanager replica fails to send notifications",
      description: `${instance} fails ${share} of notifications to slack.`,
      runbook_url: runbook("AlertmanagerFailedToSendAlerts"),
    },
  });
  const clusterFailing = (share: string) => ({
    exp_labels: { severity: "critical", job: "alertmanager", integration: "slack" },
    exp_annotations: {
      summary: "Every Alertmanager replica fails to send notifications",
      description: `The lowest failure rate to slack of any replica is ${share}.`,
      runbook_url: runbook("AlertmanagerClusterFailedToSendAlerts"),
    },
  });

  // The same failures as each version reports them: a 401 is clientError on 0.33, authError on 0.34.
  const unauthorised = { "0.33": "clientError", "0.34": "authError" } as const;
  for (const version of ["0.33", "0.34"] as const) {
    it(`Alertmanager ${version}: a replica failing 10% of its Slack notifications with 401 fires AlertmanagerFailedToSendAlerts, once`, () => {
      promtoolTest(`single-${version}`, replicaSeries(version, "am-0:9093", 100, { [unauthorised[version]]: 10 }), "AlertmanagerFailedToSendAlerts", [
        failing("am-0:9093", "10%"),
      ]);
    });

    it(`Alertmanager ${version}: a replica that only sends (no failure of any reason) fires nothing`, () => {
      promtoolTest(
        `healthy-${version}`,
        [...replicaSeries(version, "am-0:9093", 100), ...replicaSeries(version, "am-1:9093", 0)],
        "AlertmanagerFailedToSendAlerts",
        [],
      );
    });

    it(`Alertmanager ${version}: the only replica that sends fails, the others send nothing: AlertmanagerClusterFailedToSendAlerts fires`, () => {
      const series = [
        ...replicaSeries(version, "am-0:9093", 100, { [unauthorised[version]]: 10 }),
        ...replicaSeries(version, "am-1:9093", 0),
        ...replicaSeries(version, "am-2:9093", 0),
      ];
      promtoolTest(`cluster-${version}`, series, "AlertmanagerClusterFailedToSendAlerts", [clusterFailing("10%")]);
    });

    it(`Alertmanager ${version}: one replica fails, another delivers: no cluster alert`, () => {
      const series = [
        ...replicaSeries(version, "am-0:9093", 100, { [unauthorised[version]]: 10 }),
        ...replicaSeries(version, "am-1:9093", 100),
        ...replicaSeries(version, "am-2:9093", 0),
      ];
      promtoolTest(`cluster-one-${version}`, series, "AlertmanagerClusterFailedToSendAlerts", []);
    });
  }

  it("Alertmanager 0.34: 0.6% rate-limited and 0.6% unauthorised add up to 1.2%, above the threshold, as 1.2% clientError does on 0.33", () => {
    promtoolTest("split-0.34", replicaSeries("0.34", "am-0:9093", 100, { authError: 0.6, rateLimited: 0.6 }), "AlertmanagerFailedToSendAlerts", [
      failing("am-0:9093", "1.2%"),
    ]);
    promtoolTest("split-0.33", replicaSeries("0.33", "am-0:9093", 100, { clientError: 1.2 }), "AlertmanagerFailedToSendAlerts", [failing("am-0:9093", "1.2%")]);
  });

  /** Per minute, for each Alertmanager: alerts Prometheus tried to send and how many failed, as `sent_total` counts them on each version. */
  function prometheusSeries(version: "3.5" | "3.13", perAlertmanager: Record<string, { attempts: number; errors: number }>) {
    return Object.entries(perAlertmanager).flatMap(([am, { attempts, errors }]) => {
      const labels = `{job="prometheus", instance="prom-0:9090", alertmanager="http://${am}/api/v2/alerts"}`;
      // 3.5 counts every attempt as sent; 3.10+ only the delivered ones, and labels its per-Alertmanager queue.
      const sent = version === "3.5" ? attempts : attempts - errors;
      return [
        { series: `prometheus_notifications_errors_total${labels}`, values: `0+${errors}${SAMPLES}` },
        { series: `prometheus_notifications_sent_total${labels}`, values: `0+${sent}${SAMPLES}` },
        ...(version === "3.13"
          ? [
              { series: `prometheus_notifications_dropped_total${labels}`, values: `0+${errors}${SAMPLES}` },
              { series: `prometheus_notifications_queue_length${labels}`, values: `0${SAMPLES}` },
            ]
          : []),
      ];
    });
  }
  const unreachable = {
    exp_labels: { severity: "critical", job: "prometheus", instance: "prom-0:9090" },
    exp_annotations: {
      summary: "Prometheus fails to send alerts to every Alertmanager",
      description: "100% of alerts from prom-0:9090 fail to reach any Alertmanager.",
      runbook_url: runbook("PrometheusErrorSendingAlertsToAnyAlertmanager"),
    },
  };

  for (const version of ["3.5", "3.13"] as const) {
    it(`Prometheus ${version}: every Alertmanager refusing every alert fires PrometheusErrorSendingAlertsToAnyAlertmanager at 100%`, () => {
      const down = { attempts: 10, errors: 10 };
      promtoolTest(
        `prometheus-all-${version}`,
        prometheusSeries(version, { "am-0:9093": down, "am-1:9093": down }),
        "PrometheusErrorSendingAlertsToAnyAlertmanager",
        [unreachable],
      );
    });

    it(`Prometheus ${version}: one Alertmanager refusing while the other takes every alert fires nothing`, () => {
      const series = prometheusSeries(version, { "am-0:9093": { attempts: 10, errors: 10 }, "am-1:9093": { attempts: 10, errors: 0 } });
      promtoolTest(`prometheus-one-${version}`, series, "PrometheusErrorSendingAlertsToAnyAlertmanager", []);
    });
  }

  it("a wrong expectation fails (the version cases can fail)", () => {
    assert.throws(() => promtoolTest("wrong", replicaSeries("0.34", "am-0:9093", 100), "AlertmanagerFailedToSendAlerts", [failing("am-0:9093", "10%")]));
  });
});
