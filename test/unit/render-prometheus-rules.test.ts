/** components/render/prometheus.ts, index.ts and rules/: prometheus.yml, renderAll and its hashes, the rule files. */
import * as assert from "assert";
import { parse } from "yaml";
import { ALERTMANAGER_CONFIG_FILE, hashFiles, PROMETHEUS_CONFIG_FILE, renderAll } from "../../components/render";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { FALLBACK_SCRAPE_PROTOCOL, literalExternalLabels, renderPrometheusConfig } from "../../components/render/prometheus";
import { renderRuleFiles, ruleGroups } from "../../components/render/rules";
import { NOTIFICATION_TEMPLATES } from "../../components/render/templates";
import { parseDurationMs } from "../../config/quantities";
import { metricNames } from "../../offline/config-reference";
import { AM_PATHS, localSpec, PROM_PATHS, TOPOLOGY } from "../support/render-fixtures";

describe("render/prometheus: prometheus.yml", () => {
  const options = { paths: PROM_PATHS, alertmanagers: ["am-0:9093", "am-1:9093"], prometheuses: ["localhost:9090"] };

  it("without web auth: plain targets, every replica, both self-scrapes, only the cluster label", () => {
    const prom = parse(renderPrometheusConfig(localSpec({ prometheus: { scrapeInterval: "10s", evaluationInterval: "20s" } }), options));
    assert.deepStrictEqual(prom, {
      global: { scrape_interval: "10s", evaluation_interval: "20s", external_labels: { cluster: "default" } },
      alerting: { alertmanagers: [{ api_version: "v2", static_configs: [{ targets: ["am-0:9093", "am-1:9093"] }] }] },
      rule_files: ["/p/rules/*.yml"],
      scrape_configs: [
        { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
        { job_name: "alertmanager", static_configs: [{ targets: ["am-0:9093", "am-1:9093"] }] },
      ],
    });
  });

  it("with web auth: basic auth from the password file everywhere Prometheus connects", () => {
    const prom = parse(renderPrometheusConfig(localSpec({ web: { auth: true, username: "ops" } }), options));
    const client = { scheme: "http", basic_auth: { username: "ops", password_file: "/p/web/password" } };
    assert.deepStrictEqual(prom.alerting.alertmanagers, [{ api_version: "v2", ...client, static_configs: [{ targets: ["am-0:9093", "am-1:9093"] }] }]);
    assert.deepStrictEqual(prom.scrape_configs, [
      { job_name: "prometheus", ...client, static_configs: [{ targets: ["localhost:9090"] }] },
      { job_name: "alertmanager", ...client, static_configs: [{ targets: ["am-0:9093", "am-1:9093"] }] },
    ]);
  });

  it("with TLS: https and the CA file", () => {
    const spec = localSpec({ web: { auth: true } }, { webTlsCert: "c", webTlsKey: "k" });
    const prom = parse(renderPrometheusConfig(spec, options));
    assert.deepStrictEqual(prom.alerting.alertmanagers[0], {
      api_version: "v2",
      scheme: "https",
      basic_auth: { username: "alerting", password_file: "/p/web/password" },
      tls_config: { ca_file: "/p/web/ca.crt" },
      static_configs: [{ targets: ["am-0:9093", "am-1:9093"] }],
    });
  });

  it("scrape jobs with their path and scheme, and the fallback protocol", () => {
    const spec = localSpec({ prometheus: { scrapeJobs: [{ name: "w", targets: ["w:1"], metricsPath: "/m", scheme: "https" }] } });
    const prom = parse(renderPrometheusConfig(spec, options));
    assert.deepStrictEqual(prom.scrape_configs[2], {
      job_name: "w",
      metrics_path: "/m",
      scheme: "https",
      fallback_scrape_protocol: "PrometheusText0.0.4",
      static_configs: [{ targets: ["w:1"] }],
    });
    assert.strictEqual(FALLBACK_SCRAPE_PROTOCOL, "PrometheusText0.0.4");
  });

  it("external labels with every $ doubled", () => {
    assert.deepStrictEqual(literalExternalLabels({ a: "$x$y", b: "plain", c: "$$" }), { a: "$$x$$y", b: "plain", c: "$$$$" });
    const prom = parse(renderPrometheusConfig(localSpec({ prometheus: { externalLabels: { region: "eu" } } }), options));
    assert.deepStrictEqual(prom.global.external_labels, { cluster: "default", region: "eu" });
  });

  it("refuses an empty Alertmanager list", () => {
    assert.throws(() => renderPrometheusConfig(localSpec(), { ...options, alertmanagers: [] }), {
      message: "renderPrometheusConfig: at least one Alertmanager address is required",
    });
  });
});

describe("render/index: renderAll and hashes", () => {
  const spec = () => localSpec({ rules: { presets: ["meta"] } });

  it("the file trees", () => {
    const spec = localSpec({ rules: { presets: ["meta"] } });
    const rendered = renderAll(spec, { ...TOPOLOGY, captureBaseUrl: "http://cap:1" });
    assert.strictEqual(ALERTMANAGER_CONFIG_FILE, "alertmanager.yml");
    assert.strictEqual(PROMETHEUS_CONFIG_FILE, "prometheus.yml");
    assert.deepStrictEqual(Object.keys(rendered.alertmanager), ["alertmanager.yml", "templates/notifications.tmpl"]);
    assert.strictEqual(rendered.alertmanager["templates/notifications.tmpl"], NOTIFICATION_TEMPLATES);
    assert.deepStrictEqual(Object.keys(rendered.prometheus), ["prometheus.yml", "rules/meta.yml"]);
    assert.strictEqual(rendered.prometheus["rules/meta.yml"], renderRuleFiles(spec)["meta.yml"]);
    assert.strictEqual(
      rendered.prometheus["prometheus.yml"],
      renderPrometheusConfig(spec, { paths: PROM_PATHS, alertmanagers: TOPOLOGY.alertmanagerAddresses, prometheuses: ["localhost:9090"] }),
    );
    assert.strictEqual(rendered.alertmanager["alertmanager.yml"], renderAlertmanagerConfig(spec, { paths: AM_PATHS, captureBaseUrl: "http://cap:1" }));
    assert.match(rendered.alertmanager["alertmanager.yml"], /url: http:\/\/cap:1\/pagerduty\/pagerdutyRoutingKey/);
  });

  it("hashes: sha256 over sorted names and contents", () => {
    const rendered = renderAll(spec(), TOPOLOGY);
    assert.strictEqual(rendered.alertmanagerHash, hashFiles(rendered.alertmanager));
    assert.strictEqual(rendered.prometheusHash, hashFiles(rendered.prometheus));
    assert.match(hashFiles({ a: "1" }), /^[0-9a-f]{64}$/);
    assert.strictEqual(hashFiles({ a: "1", b: "2" }), hashFiles({ b: "2", a: "1" }));
    assert.notStrictEqual(hashFiles({ a: "1" }), hashFiles({ a: "2" }));
    assert.notStrictEqual(hashFiles({ a: "1" }), hashFiles({ b: "1" }));
    assert.notStrictEqual(hashFiles({ a: "1", b: "" }), hashFiles({ a: "1b" }));
    assert.strictEqual(hashFiles({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const { createHash } = require("crypto") as typeof import("crypto");
    assert.strictEqual(hashFiles({ b: "2", a: "1" }), createHash("sha256").update("a\u00001\u0000b\u00002\u0000").digest("hex"));
  });

  it("each hash follows its own files only", () => {
    const rendered = renderAll(spec(), TOPOLOGY);
    const other = renderAll(localSpec({ rules: { presets: ["meta"] }, resolveTimeout: "9m" }), TOPOLOGY);
    assert.notStrictEqual(other.alertmanagerHash, rendered.alertmanagerHash);
    assert.strictEqual(other.prometheusHash, rendered.prometheusHash);
  });
});

describe("render/rules", () => {
  it("one file per preset, a preset listed twice rendered once", () => {
    const spec = localSpec({ rules: { presets: ["meta", "application", "meta"] } });
    assert.deepStrictEqual(
      ruleGroups(spec).map((g) => g.name),
      ["meta", "application"],
    );
    assert.deepStrictEqual(Object.keys(renderRuleFiles(spec)), ["meta.yml", "application.yml"]);
    assert.deepStrictEqual(renderRuleFiles(localSpec({ rules: { presets: [] } })), {});
  });

  it("every preset rule has an expression and a valid, non-empty pending duration", () => {
    const groups = ruleGroups(localSpec({ alertmanager: { replicas: 3 } }));
    assert.deepStrictEqual(
      groups.map((g) => g.name),
      ["application", "connector", "meta"],
    );
    assert.deepStrictEqual(Object.keys(renderRuleFiles(localSpec())), ["application.yml", "connector.yml", "meta.yml"]);
    for (const rule of groups.flatMap((g) => g.rules)) {
      assert.notStrictEqual(rule.expr, "", rule.alert);
      assert.ok(rule.for !== "" && parseDurationMs(rule.for) !== undefined, `${rule.alert}: for ${JSON.stringify(rule.for)}`);
      assert.ok(rule.summary !== "" && rule.description !== "", rule.alert);
    }
  });

  it("the connector preset reads the metrics the connector exporters document", () => {
    const connector = ruleGroups(localSpec({ rules: { presets: ["connector"] } }))[0];
    assert.deepStrictEqual(
      connector.rules.map((r) => [r.alert, r.severity, metricNames(r.expr).join(" ")]),
      [
        ["HighPacketErrorRate", "high", "connector_packets_total"],
        ["SettlementFailures", "critical", "connector_settlement_failures_total"],
        ["TigerBeetleUnavailable", "critical", "up"],
        ["ChannelDispute", "critical", "connector_channel_disputes_total"],
        ["HighP99Latency", "warning", "connector_packet_duration_seconds_bucket"],
        ["LowThroughput", "warning", "connector_packets_total"],
        ["ConnectorDown", "critical", "up"],
        ["HighMemoryUsage", "warning", "container_memory_working_set_bytes container_spec_memory_limit_bytes"],
        ["CriticalErrorSpike", "critical", "connector_errors_total"],
        ["SettlementSLABreach", "high", "connector_settlement_duration_seconds_bucket"],
        ["PacketSLABreach", "high", "connector_packet_duration_seconds_bucket"],
      ],
    );
    const expr = (alert: string) => connector.rules.find((r) => r.alert === alert)!.expr;
    assert.strictEqual(
      expr("HighPacketErrorRate"),
      'sum by (connector) (rate(connector_packets_total{result="error"}[5m])) / sum by (connector) (rate(connector_packets_total[5m])) > 0.05',
    );
    assert.strictEqual(expr("HighP99Latency"), "histogram_quantile(0.99, sum by (le, connector) (rate(connector_packet_duration_seconds_bucket[5m]))) > 1");
    assert.strictEqual(
      expr("SettlementSLABreach"),
      "histogram_quantile(0.95, sum by (le, connector) (rate(connector_settlement_duration_seconds_bucket[15m]))) > 30",
    );
    assert.strictEqual(expr("PacketSLABreach"), "histogram_quantile(0.95, sum by (le, connector) (rate(connector_packet_duration_seconds_bucket[15m]))) > 0.5");
  });

  it("a rule as Prometheus reads it: alert, expr, for, severity label, annotations with the runbook link", () => {
    const spec = localSpec({ rules: { presets: ["application"], runbookBaseUrl: "https://rb.example.com/x/", for: { WorkerDown: "7m" } } });
    const file = parse(renderRuleFiles(spec)["application.yml"]);
    assert.strictEqual(file.groups.length, 1);
    assert.strictEqual(file.groups[0].name, "application");
    const worker = file.groups[0].rules.find((r: { alert: string }) => r.alert === "WorkerDown");
    assert.deepStrictEqual(worker, {
      alert: "WorkerDown",
      expr: 'up{job=~"worker.*"} == 0',
      for: "7m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Worker is down",
        description: "Worker {{ $labels.instance }} (job {{ $labels.job }}) has not answered scrapes for 2 minutes.",
        runbook_url: "https://rb.example.com/x/WorkerDown",
      },
    });
    const other = file.groups[0].rules.find((r: { alert: string }) => r.alert === "HighLatency");
    assert.strictEqual(other.for, "10m");
  });

  it("application thresholds come from the spec", () => {
    const spec = localSpec({
      rules: {
        presets: ["application"],
        successRate: { warning: 0.99, critical: 0.5 },
        queueDepth: { warning: 7, critical: 70 },
        latencySeconds: { warning: 3, critical: 30 },
      },
    });
    const rules = ruleGroups(spec)[0].rules.map((r) => [r.alert, r.severity, r.for, r.expr.replace(/^.* ([<>]) /, "$1 "), r.summary]);
    assert.deepStrictEqual(rules, [
      ["EnhancementSuccessRateLow", "warning", "10m", "< 0.99", "Enhancement success rate below 99%"],
      ["EnhancementSuccessRateLow", "critical", "5m", "< 0.5", "Enhancement success rate below 50%"],
      ["QueueDepthHigh", "warning", "5m", "> 7", "Queue depth above 7"],
      ["QueueDepthHigh", "critical", "5m", "> 70", "Queue depth above 70"],
      ["WorkerDown", "critical", "2m", 'up{job=~"worker.*"} == 0', "Worker is down"],
      ["HighLatency", "warning", "10m", "> 3", "p95 enhancement latency above 3s"],
      ["HighLatency", "critical", "5m", "> 30", "p95 enhancement latency above 30s"],
    ]);
    const exprs = ruleGroups(spec)[0].rules.map((r) => r.expr);
    assert.strictEqual(
      exprs[0],
      'sum by (tenant_id) (rate(enhancement_requests_total{status="success"}[5m])) / sum by (tenant_id) (rate(enhancement_requests_total[5m])) < 0.99',
    );
    assert.strictEqual(exprs[2], "max by (tenant_id, queue) (queue_depth) > 7");
    assert.strictEqual(exprs[5], "histogram_quantile(0.95, sum by (le, tenant_id) (rate(enhancement_duration_seconds_bucket[5m]))) > 3");
  });

  it("meta rules: the expected replica count appears where the cluster size matters", () => {
    const three = ruleGroups(localSpec({ alertmanager: { replicas: 3 }, rules: { presets: ["meta"] } }))[0].rules;
    const byName = (rules: typeof three, name: string) => rules.find((r) => r.alert === name)!;
    assert.strictEqual(
      byName(three, "PrometheusNotConnectedToAlertmanagers").expr,
      'max_over_time(prometheus_notifications_alertmanagers_discovered{job="prometheus"}[5m]) < 3',
    );
    assert.strictEqual(byName(three, "PrometheusNotConnectedToAlertmanagers").summary, "Prometheus sends alerts to fewer than 3 Alertmanagers");
    assert.strictEqual(
      byName(three, "AlertmanagerClusterMembersBelowExpected").expr,
      'max by (job) (max_over_time(alertmanager_cluster_members{job="alertmanager"}[5m])) < 3',
    );
    assert.strictEqual(byName(three, "AlertmanagerClusterMembersBelowExpected").summary, "The Alertmanager cluster has fewer than 3 members");
    assert.strictEqual(byName(three, "AlertmanagerClusterMembersBelowExpected").description, "{{ $value }} of the expected 3 members are in the cluster.");
    assert.strictEqual(byName(three, "AlertmanagerDown").expr, 'up{job="alertmanager"} == 0');
    assert.strictEqual(three.length, 13);
    const two = ruleGroups(localSpec({ alertmanager: { replicas: 2 }, rules: { presets: ["meta"] } }))[0].rules;
    assert.strictEqual(two.length, 13);
    const one = ruleGroups(localSpec({ alertmanager: { replicas: 1 }, rules: { presets: ["meta"] } }))[0].rules;
    assert.deepStrictEqual(
      one.map((r) => r.alert),
      [
        "Watchdog",
        "AlertmanagerDown",
        "AlertmanagerFailedReload",
        "AlertmanagerFailedToSendAlerts",
        "AlertmanagerConfigInconsistent",
        "PrometheusNotConnectedToAlertmanagers",
        "PrometheusErrorSendingAlertsToAnyAlertmanager",
        "PrometheusRuleFailures",
      ],
    );
    assert.strictEqual(
      byName(one, "PrometheusNotConnectedToAlertmanagers").expr,
      'max_over_time(prometheus_notifications_alertmanagers_discovered{job="prometheus"}[5m]) < 1',
    );
  });
});
