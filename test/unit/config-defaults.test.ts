/** The defaults implement the tables of docs/requirements.md, value for value. */
import * as assert from "assert";
import { DEFAULT_IMAGES, DEFAULT_REPLICAS, DEFAULT_RESOURCES, SMTP_PASSWORD_KEY, WEB_CREDENTIAL_KEYS } from "../../config/defaults";
import { CredentialSlot, INTEGRATION_KINDS, IntegrationRow, INTEGRATIONS } from "../../config/integrations";
import { PORTS } from "../../config/ports";
import { PRESET_ALERTS, RULE_PRESETS } from "../../config/presets";
import { buildSpec } from "../../config/spec";
import VERSIONS from "../../config/versions.json";

const defaults = () => buildSpec({ values: { target: "local" }, secretKeys: new Set() });
const TEAM = ["tenant_id", "alertname", "namespace"];

describe("config/defaults: what docs/requirements.md promises", () => {
  it("receivers", () => {
    assert.deepStrictEqual(
      defaults().receivers.map((r) => [r.name, r.slack?.channel ?? null, r.pagerduty ? "pagerduty" : null]),
      [
        ["null", null, null],
        ["slack-alerts", "#alerts", null],
        ["slack-urgent", "#alerts-urgent", null],
        ["oncall-critical", "#alerts-critical", "pagerduty"],
        ["low-noise", "#alerts-info", null],
        ["team-artemis", "#team-artemis", null],
        ["team-sophia", "#team-sophia", null],
        ["team-infrastructure", "#team-infrastructure", null],
      ],
    );
  });

  it("root route: slack-alerts, grouped by tenant and alert name, 30s / 5m / 4h, resolve_timeout 5m", () => {
    const spec = defaults();
    assert.deepStrictEqual(spec.route, {
      receiver: "slack-alerts",
      groupBy: ["tenant_id", "alertname"],
      groupWait: "30s",
      groupInterval: "5m",
      repeatInterval: "4h",
    });
    assert.strictEqual(spec.resolveTimeout, "5m");
  });

  it("routing matrix and domain routes, in order", () => {
    const row = (r: ReturnType<typeof defaults>["routes"][number]) => [
      r.name,
      r.matchers.join(" "),
      r.receiver,
      r.groupBy?.join(",") ?? "",
      [r.groupWait, r.groupInterval, r.repeatInterval].map((t) => t ?? "-").join(" / "),
      r.continue,
      r.muteTimeIntervals.join(","),
      r.activeTimeIntervals.join(","),
    ];
    assert.deepStrictEqual(defaults().routes.map(row), [
      ["watchdog", 'alertname="Watchdog"', "null", "", "- / - / -", false, "", ""],
      ["artemis", 'domain="artemis"', "team-artemis", TEAM.join(","), "30s / 5m / 4h", true, "", ""],
      ["sophia", 'domain="sophia"', "team-sophia", [...TEAM, "model_name"].join(","), "45s / 10m / 6h", true, "", ""],
      ["keda", 'alertname=~"KEDA.*"', "team-infrastructure", [...TEAM, "scaledobject"].join(","), "60s / 5m / 30m", true, "", ""],
      ["infrastructure", 'domain="infrastructure"', "team-infrastructure", [...TEAM, "node"].join(","), "10s / 3m / 2h", true, "", ""],
      [
        "node-disk-memory",
        'alertname=~"Node.*|.*Disk.*|.*Memory.*" domain!="infrastructure"',
        "team-infrastructure",
        [...TEAM, "node"].join(","),
        "10s / 3m / 2h",
        true,
        "",
        "",
      ],
      ["critical", 'severity="critical"', "oncall-critical", "", "10s / - / 4h", false, "", ""],
      ["high", 'severity="high"', "slack-urgent", "", "- / - / -", false, "", ""],
      ["warning", 'severity="warning"', "slack-alerts", "", "- / - / -", false, "maintenance-window", ""],
      ["info", 'severity="info"', "low-noise", "", "- / - / -", false, "maintenance-window", "business-hours"],
    ]);
  });

  it("inhibitions", () => {
    assert.deepStrictEqual(
      defaults().inhibitRules.map((r) => [r.name, r.sourceMatchers.join(" "), r.targetMatchers.join(" "), r.equal.join(",")]),
      [
        ["critical-suppresses-warning", 'severity="critical"', 'severity="warning"', "alertname,tenant_id"],
        ["circuit-breaker-open", 'alertname="CircuitBreakerOpen"', 'alertname=~".*HighLatency|.*Timeout"', "cluster,namespace,service"],
        ["node-down", 'alertname="NodeDown"', 'alertname=~"Pod.*|Container.*"', "node"],
        ["maintenance-window", 'alertname="MaintenanceWindow"', 'alertname=~"KEDA.*|.*Scaling.*"', "namespace"],
        ["ai-model-loading", 'alertname="AIModelLoading"', 'alertname="AIInferenceLatencyHigh"', "namespace,model_name"],
        ["database-migration", 'alertname="DatabaseMigrationInProgress"', 'alertname=~".*Query.*|.*Connection.*"', "database,namespace"],
      ],
    );
  });

  it("time intervals", () => {
    assert.deepStrictEqual(defaults().timeIntervals, [
      { name: "business-hours", intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "America/Los_Angeles" }] },
      { name: "maintenance-window", intervals: [{ weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "America/Los_Angeles" }] },
    ]);
  });

  it("sizing, replicas, ports and images", () => {
    assert.deepStrictEqual(DEFAULT_RESOURCES, {
      local: {
        alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
        prometheus: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      },
      kubernetes: {
        alertmanager: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        prometheus: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
      },
    });
    assert.deepStrictEqual(DEFAULT_REPLICAS, { local: 1, kubernetes: 3 });
    assert.deepStrictEqual(PORTS, { alertmanagerWeb: 9093, alertmanagerMesh: 9094, prometheus: 9090, capture: 9099 });
    assert.deepStrictEqual(DEFAULT_IMAGES, {
      alertmanager: `${VERSIONS.alertmanager.image}:v${VERSIONS.alertmanager.version}`,
      prometheus: `${VERSIONS.prometheus.image}:v${VERSIONS.prometheus.version}`,
      capture: `${VERSIONS.node.image}:${VERSIONS.node.version}-${VERSIONS.node.imageVariant}`,
    });
  });

  it("credential keys: the web ones, SMTP, and each integration's default", () => {
    assert.deepStrictEqual([...WEB_CREDENTIAL_KEYS], ["webPassword", "webTlsCert", "webTlsKey", "webTlsCa"]);
    assert.strictEqual(SMTP_PASSWORD_KEY, "smtpPassword");
    // kind, then each credential slot as field=default key -> the Alertmanager file field (or env variable) : what it holds, the endpoint field, upstream send_resolved
    const slot = (s: CredentialSlot) => `${s.field}=${s.defaultKey ?? "(none)"} -> ${"field" in s.file ? s.file.field : `$${s.file.env}`} : ${s.holds}`;
    assert.deepStrictEqual(
      INTEGRATION_KINDS.map((kind) => {
        const row: IntegrationRow = INTEGRATIONS[kind];
        return [kind, ...row.credentials.map(slot), row.endpoint?.field ?? "-", row.upstreamSendResolved];
      }),
      [
        ["slack", "credential=slackWebhookUrl -> api_url_file : url", "-", false],
        ["pagerduty", "credential=pagerdutyRoutingKey -> routing_key_file : key", "url", true],
        ["webhook", "credential=webhookUrl -> url_file : url", "-", true],
        ["msteams", "credential=msteamsWebhookUrl -> webhook_url_file : url", "-", true],
        ["msteamsv2", "credential=msteamsv2WebhookUrl -> webhook_url_file : url", "-", true],
        ["discord", "credential=discordWebhookUrl -> webhook_url_file : url", "-", true],
        ["mattermost", "credential=mattermostWebhookUrl -> webhook_url_file : url", "-", true],
        ["telegram", "credential=telegramBotToken -> bot_token_file : key", "apiUrl", true],
        ["opsgenie", "credential=opsgenieApiKey -> api_key_file : key", "apiUrl", true],
        ["victorops", "credential=victoropsApiKey -> api_key_file : key", "apiUrl", true],
        ["pushover", "credential=pushoverUserKey -> user_key_file : key", "tokenCredential=pushoverToken -> token_file : key", "proxyUrl", true],
        ["webex", "credential=webexBotToken -> http_config.authorization.credentials_file : key", "apiUrl", true],
        ["rocketchat", "credential=rocketchatToken -> token_file : key", "tokenIdCredential=rocketchatTokenId -> token_id_file : key", "apiUrl", false],
        ["jira", "credential=jiraApiToken -> http_config.basic_auth.password_file : key", "apiUrl", true],
        ["wechat", "credential=wechatApiSecret -> api_secret_file : key", "apiUrl", false],
        [
          "incidentio",
          "credential=incidentioUrl -> url_file : url",
          "alertSourceTokenCredential=incidentioAlertSourceToken -> alert_source_token_file : key",
          "-",
          true,
        ],
        ["sns", "credential=(none) -> $AWS_SHARED_CREDENTIALS_FILE : awsSharedCredentials", "apiUrl", true],
      ],
    );
    // Only Pushover's URL is fixed in Alertmanager 0.33.1: the stand-in is its proxy.
    assert.deepStrictEqual(
      INTEGRATION_KINDS.filter((kind) => (INTEGRATIONS[kind] as IntegrationRow).endpoint?.proxy),
      ["pushover"],
    );
  });

  it("integration fields: defaults and what they refuse", () => {
    const parse = (receivers: unknown[]) =>
      buildSpec({ values: { target: "local", receivers, route: { receiver: "r" }, routes: [] }, secretKeys: new Set() }).receivers[0];
    assert.deepStrictEqual(parse([{ name: "r", webhook: {} }]).webhook, { maxAlerts: 0, credential: "webhookUrl", sendResolved: true });
    assert.deepStrictEqual(parse([{ name: "r", msteams: { sendResolved: false } }]).msteams, { credential: "msteamsWebhookUrl", sendResolved: false });
    assert.deepStrictEqual(parse([{ name: "r", pagerduty: {} }]).pagerduty, { credential: "pagerdutyRoutingKey", sendResolved: true });
    assert.deepStrictEqual(parse([{ name: "r", slack: { channel: "@me" } }]).slack, { channel: "@me", credential: "slackWebhookUrl", sendResolved: true });
    assert.throws(
      () => parse([{ name: "r", webhook: { maxAlerts: 10001 } }]),
      /receivers\[0\]\.webhook\.maxAlerts: 10001 is out of range; use a whole number from 0 to 10000/,
    );
    assert.throws(() => parse([{ name: "r", slack: { channel: "#" + "a".repeat(81) } }]), /is not a Slack channel; use e\.g\. #alerts/);
    assert.throws(() => parse([{ name: "r", slack: { channel: "x#" } }]), /is not a Slack channel/);
  });

  it("rule presets and their alerts", () => {
    assert.deepStrictEqual(RULE_PRESETS, ["application", "connector", "meta"]);
    assert.deepStrictEqual(PRESET_ALERTS.application, ["EnhancementSuccessRateLow", "QueueDepthHigh", "WorkerDown", "HighLatency"]);
    assert.strictEqual(PRESET_ALERTS.connector.length, 11);
    assert.strictEqual(PRESET_ALERTS.meta.length, 14);
  });
});
