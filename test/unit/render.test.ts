import * as assert from "assert";
import { parse } from "yaml";
import { kubernetesTopology } from "../../components/kubernetes/names";
import { renderAll } from "../../components/render";
import { renderPrometheusConfig } from "../../components/render/prometheus";
import { ruleGroups } from "../../components/render/rules";
import { PRESET_ALERT_NAMES } from "../../config/presets";
import { AlertingSpec, buildSpec } from "../../config/spec";
import { stackConfig } from "../../offline/program";

const CREDENTIALS = ["slackWebhookUrl", "pagerdutyRoutingKey", "smtpPassword", "webhookUrl", "msteamsWebhookUrl", "heartbeatUrl"];

function prodSpec(extra: Record<string, unknown> = {}): AlertingSpec {
  const values = { ...stackConfig("prod"), ...Object.fromEntries(CREDENTIALS.map((k) => [k, "x"])), ...extra };
  return buildSpec({ values, secretKeys: new Set(CREDENTIALS) });
}

describe("render (pure)", () => {
  // Rendered inside each test, never at load: Stryker then knows which tests cover each mutant.
  let spec: AlertingSpec;
  let rendered: ReturnType<typeof renderAll>;
  let am: any;
  beforeEach(() => {
    spec = prodSpec();
    rendered = renderAll(spec, kubernetesTopology(spec));
    am = parse(rendered.alertmanager["alertmanager.yml"]);
  });

  it("names credentials only as *_file paths", () => {
    const text = rendered.alertmanager["alertmanager.yml"];
    for (const inline of ["api_url:", "routing_key:", "service_key:", "auth_password:", "webhook_url:", "\n      url: http", "${"]) {
      assert.ok(!text.includes(inline), `found ${JSON.stringify(inline)}`);
    }
    const files = [...text.matchAll(/(\w+_file): (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepStrictEqual([...new Set(files)].sort(), [
      "api_url_file /etc/alertmanager/secrets/slackWebhookUrl",
      "routing_key_file /etc/alertmanager/secrets/pagerdutyRoutingKey",
      "smtp_auth_password_file /etc/alertmanager/secrets/smtpPassword",
      "url_file /etc/alertmanager/secrets/heartbeatUrl",
      "url_file /etc/alertmanager/secrets/webhookUrl",
      "webhook_url_file /etc/alertmanager/secrets/msteamsWebhookUrl",
    ]);
  });

  it("sends resolved notifications everywhere but to the dead man's switch (Slack and e-mail default to false upstream)", () => {
    // A resolved Watchdog means alerting stopped: sent to the heartbeat URL, it would count as one more ping.
    assert.deepStrictEqual(am.receivers.find((r: any) => r.name === "heartbeat").webhook_configs[0].send_resolved, false);
    const configs = am.receivers
      .filter((r: any) => r.name !== "heartbeat")
      .flatMap((r: any) =>
        Object.entries(r)
          .filter(([k]) => k.endsWith("_configs"))
          .flatMap(([, v]) => v as any[]),
      );
    assert.ok(configs.length >= 10);
    for (const c of configs) assert.strictEqual(c.send_resolved, true);
  });

  it("groups by tenant and alert name at the root, with story 16.3 timings", () => {
    assert.deepStrictEqual(am.route.group_by, ["tenant_id", "alertname"]);
    assert.deepStrictEqual([am.route.group_wait, am.route.group_interval, am.route.repeat_interval], ["30s", "5m", "4h"]);
    assert.strictEqual(am.global.resolve_timeout, "5m");
  });

  it("renders the six inhibition rules and both time intervals", () => {
    assert.strictEqual(am.inhibit_rules.length, 6);
    assert.deepStrictEqual(am.inhibit_rules[1], {
      source_matchers: ['alertname="CircuitBreakerOpen"'],
      target_matchers: ['alertname=~".*HighLatency|.*Timeout"'],
      equal: ["cluster", "namespace", "service"],
    });
    assert.deepStrictEqual(
      am.time_intervals.map((t: any) => t.name),
      ["business-hours", "maintenance-window"],
    );
    assert.deepStrictEqual(am.time_intervals[0].time_intervals[0], {
      weekdays: ["monday:friday"],
      times: [{ start_time: "09:00", end_time: "17:00" }],
      location: "America/Los_Angeles",
    });
  });

  it("Prometheus sends to every replica given and refuses an empty list", () => {
    const prom = parse(rendered.prometheus["prometheus.yml"]);
    assert.strictEqual(prom.alerting.alertmanagers[0].static_configs[0].targets.length, 3);
    assert.throws(
      () =>
        renderPrometheusConfig(spec, {
          ...kubernetesTopology(spec),
          paths: kubernetesTopology(spec).prometheusPaths,
          alertmanagers: [],
          prometheuses: ["x:1"],
        }),
      /at least one Alertmanager/,
    );
  });

  it("adds configured scrape jobs", () => {
    const withJobs = prodSpec({ prometheus: { scrapeJobs: [{ name: "worker", targets: ["worker-0:8080", "worker-1:8080"] }] } });
    const prom = parse(renderAll(withJobs, kubernetesTopology(withJobs)).prometheus["prometheus.yml"]);
    assert.deepStrictEqual(prom.scrape_configs[2], {
      job_name: "worker",
      metrics_path: "/metrics",
      scheme: "http",
      fallback_scrape_protocol: "PrometheusText0.0.4",
      static_configs: [{ targets: ["worker-0:8080", "worker-1:8080"] }],
    });
  });

  it("keeps a $ in external label values literal (Prometheus 3 would expand it)", () => {
    const labelled = prodSpec({ prometheus: { externalLabels: { cluster: "eu-$HOME", plain: "eu-1" } } });
    const prom = parse(renderAll(labelled, kubernetesTopology(labelled)).prometheus["prometheus.yml"]);
    // The replica label's ${...} is the one the program wants expanded (from the pod's name).
    assert.deepStrictEqual(prom.global.external_labels, { cluster: "eu-$$HOME", plain: "eu-1", prometheus_replica: "${PROMETHEUS_REPLICA}" });
  });

  it("every preset alert name is declared in the config schema, and `rules.for` overrides a pending duration", () => {
    const names = new Set(ruleGroups(spec).flatMap((g) => g.rules.map((r) => r.alert)));
    assert.deepStrictEqual([...names].sort(), [...PRESET_ALERT_NAMES].sort());
    const fast = prodSpec({ rules: { for: { WorkerDown: "0s" } } });
    const rules = parse(renderAll(fast, kubernetesTopology(fast)).prometheus["rules/application.yml"]);
    assert.strictEqual(rules.groups[0].rules.find((r: any) => r.alert === "WorkerDown").for, "0s");
  });

  it("every preset rule carries severity, summary, description and runbook_url", () => {
    const presets = new Set(prodSpec().rules.presets.map((p) => `rules/${p}.yml`));
    assert.strictEqual(presets.size, 3);
    for (const [name, text] of Object.entries(rendered.prometheus).filter(([n]) => presets.has(n))) {
      for (const rule of parse(text).groups[0].rules) {
        assert.ok(rule.labels.severity, `${name} ${rule.alert}`);
        assert.ok(rule.annotations.summary && rule.annotations.description, `${name} ${rule.alert}`);
        assert.strictEqual(rule.annotations.runbook_url, `https://runbooks.example.com/alerting/${rule.alert}`);
      }
    }
  });

  it("drops the cluster rules for a single replica", () => {
    const single = prodSpec({ alertmanager: { replicas: 1 } });
    const alerts = ruleGroups(single).flatMap((g) => g.rules.map((r) => r.alert));
    assert.ok(!alerts.includes("AlertmanagerMembersInconsistent"));
    assert.ok(alerts.includes("AlertmanagerDown"));
  });

  it("the config hash changes with the routing and not with credentials", () => {
    const other = prodSpec({ resolveTimeout: "6m" });
    assert.notStrictEqual(renderAll(other, kubernetesTopology(other)).alertmanagerHash, rendered.alertmanagerHash);
    const rotated = buildSpec({
      values: { ...stackConfig("prod"), ...Object.fromEntries(CREDENTIALS.map((k) => [k, "rotated"])) },
      secretKeys: new Set(CREDENTIALS),
    });
    assert.strictEqual(renderAll(rotated, kubernetesTopology(rotated)).alertmanagerHash, rendered.alertmanagerHash);
  });
});
