/** The Prometheus HA pair in prometheus.yml and the meta rules, and what its settings refuse. */
import * as assert from "assert";
import { parse } from "yaml";
import { renderAll } from "../../components/render";
import { kubernetesTopology } from "../../components/kubernetes/names";
import { formatIssue } from "../../config/errors";
import { issues } from "../support/config-values";
import { localSpec } from "../support/render-fixtures";
import { buildSpec } from "../../config/spec";

const kubernetes = (prometheus: Record<string, unknown> = {}) =>
  buildSpec({
    values: { target: "kubernetes", prometheus, slackWebhookUrl: "s", pagerdutyRoutingKey: "p" },
    secretKeys: new Set(["slackWebhookUrl", "pagerdutyRoutingKey"]),
  });
const rendered = (spec: ReturnType<typeof kubernetes>) => renderAll(spec, kubernetesTopology(spec));
const prometheusYml = (spec: ReturnType<typeof kubernetes>) => parse(rendered(spec).prometheus["prometheus.yml"]);
const metaAlerts = (spec: ReturnType<typeof kubernetes>) =>
  parse(rendered(spec).prometheus["rules/meta.yml"]).groups[0].rules.map((r: { alert: string; expr: string }) => [r.alert, r.expr]);

describe("prometheus HA: rendering", () => {
  it("kubernetes runs a pair: each names itself from PROMETHEUS_REPLICA, the name is dropped from alerts, both are scraped", () => {
    const spec = kubernetes({ externalLabels: { cluster: "eu-$1" } });
    assert.strictEqual(spec.prometheus.replicas, 2);
    const yml = prometheusYml(spec);
    assert.deepStrictEqual(yml.global.external_labels, { cluster: "eu-$$1", prometheus_replica: "${PROMETHEUS_REPLICA}" });
    assert.deepStrictEqual(yml.alerting.alert_relabel_configs, [{ action: "labeldrop", regex: "prometheus_replica" }]);
    assert.deepStrictEqual(yml.scrape_configs[0].static_configs[0].targets, [
      "prometheus-0.prometheus-peers.monitoring.svc:9090",
      "prometheus-1.prometheus-peers.monitoring.svc:9090",
    ]);
  });

  it("the replica label can be renamed", () => {
    const yml = prometheusYml(kubernetes({ replicaLabel: "replica" }));
    assert.strictEqual(yml.global.external_labels.replica, "${PROMETHEUS_REPLICA}");
    assert.deepStrictEqual(yml.alerting.alert_relabel_configs, [{ action: "labeldrop", regex: "replica" }]);
  });

  it("one replica: no replica label, no relabelling, it scrapes itself", () => {
    const yml = prometheusYml(kubernetes({ replicas: 1 }));
    assert.deepStrictEqual(Object.keys(yml.global.external_labels), ["cluster"]);
    assert.strictEqual(yml.alerting.alert_relabel_configs, undefined);
    assert.deepStrictEqual(yml.scrape_configs[0].static_configs[0].targets, ["localhost:9090"]);
    assert.strictEqual(localSpec().prometheus.replicas, 1);
    assert.strictEqual(localSpec({ prometheus: { replicas: 1 } }).prometheus.replicas, 1, "1 is what the local stack runs: accepted");
  });

  it("the meta rules know the expected replica count", () => {
    assert.deepStrictEqual(
      metaAlerts(kubernetes({ replicas: 3 })).find(([alert]: string[]) => alert === "PrometheusReplicaDown"),
      ["PrometheusReplicaDown", 'count(up{job="prometheus"} == 1) < 3'],
    );
    assert.strictEqual(
      metaAlerts(kubernetes({ replicas: 1 })).find(([alert]: string[]) => alert === "PrometheusReplicaDown"),
      undefined,
    );
  });
});

describe("prometheus HA: what its settings refuse", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["replicas 0", { target: "kubernetes", prometheus: { replicas: 0 } }, "alerting:prometheus.replicas: 0 is"],
    ["replicas 10", { target: "kubernetes", prometheus: { replicas: 10 } }, "alerting:prometheus.replicas: 10 is"],
    [
      "more than one on the local stack",
      { target: "local", prometheus: { replicas: 2 } },
      "alerting:prometheus.replicas: 2 is more than 1 on the local stack, which runs one Prometheus; use 1, or the kubernetes target",
    ],
    [
      "the replica label set by hand",
      { target: "local", prometheus: { externalLabels: { prometheus_replica: "a" } } },
      'alerting:prometheus.externalLabels.prometheus_replica: "a" is the replica label (prometheus.replicaLabel), which the program sets on each replica; remove it or rename the replica label',
    ],
    [
      "a replica label that is not a label name",
      { target: "local", prometheus: { replicaLabel: "replica-name" } },
      'alerting:prometheus.replicaLabel: "replica-name" is not',
    ],
  ];
  for (const [title, values, message] of cases) {
    it(`refuses ${title}`, () => {
      const found = issues(values).map(formatIssue);
      assert.ok(
        found.some((i) => i.startsWith(message)),
        `expected "${message}" in:\n${found.join("\n")}`,
      );
    });
  }
});
