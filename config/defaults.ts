/**
 * Defaults that implement docs/requirements.md, written in the same shape a user writes in Pulumi.<stack>.yaml.
 * Where the source documents disagree, the value chosen is the one named in the comment.
 */
import type { Target } from "./schema";
import VERSIONS from "./versions.json";

/** The same upstream versions the tests run (config/versions.json); the capture image runs capture/http-capture.js. */
export const DEFAULT_IMAGES = {
  alertmanager: `${VERSIONS.alertmanager.image}:v${VERSIONS.alertmanager.version}`,
  prometheus: `${VERSIONS.prometheus.image}:v${VERSIONS.prometheus.version}`,
  capture: `${VERSIONS.node.image}:${VERSIONS.node.version}-${VERSIONS.node.imageVariant}`,
};

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * Local: story 16.3's compose limits. Kubernetes: Alertmanager's memory limit from the benchmark's
 * sizing (docs/benchmark.md#sizing): 512Mi keeps 25% headroom with the 30,000 active alerts the
 * sustained profile builds up while the API is read; 256Mi held 24,000 to 31,000.
 */
export const DEFAULT_RESOURCES: Record<Target, { alertmanager: Resources; prometheus: Resources }> = {
  local: {
    alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    prometheus: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  },
  kubernetes: {
    alertmanager: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    prometheus: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  },
};

export const DEFAULT_REPLICAS: Record<Target, number> = { local: 1, kubernetes: 3 };

/**
 * Prometheus on Kubernetes is a pair: while one restarts (a rule change, a node drain) the other
 * keeps evaluating, so no alert waits for a restart. The local stack runs one.
 */
export const DEFAULT_PROMETHEUS_REPLICAS: Record<Target, number> = { local: 1, kubernetes: 2 };

/** The dead man's switch URL's secret config key unless alerting:heartbeat names another. */
export const HEARTBEAT_URL_KEY = "heartbeatUrl";

/** Story 16.3 timings for the tree; tenant grouping so one tenant's storm is one notification. */
export const DEFAULT_ROOT_ROUTE = {
  receiver: "slack-alerts",
  groupBy: ["tenant_id", "alertname"],
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
};

export const DEFAULT_RECEIVERS = [
  { name: "null" },
  { name: "slack-alerts", slack: { channel: "#alerts" } },
  { name: "slack-urgent", slack: { channel: "#alerts-urgent" } },
  { name: "oncall-critical", slack: { channel: "#alerts-critical" }, pagerduty: {} },
  { name: "low-noise", slack: { channel: "#alerts-info" } },
  { name: "team-artemis", slack: { channel: "#team-artemis" } },
  { name: "team-sophia", slack: { channel: "#team-sophia" } },
  { name: "team-infrastructure", slack: { channel: "#team-infrastructure" } },
];

const TEAM_GROUP_BY = ["tenant_id", "alertname", "namespace"];

/** Where the infrastructure team's own alerts and other teams' node, disk and memory alerts go: per node, fast. */
const INFRASTRUCTURE_TEAM = {
  receiver: "team-infrastructure",
  groupBy: [...TEAM_GROUP_BY, "node"],
  groupWait: "10s",
  groupInterval: "3m",
  repeatInterval: "2h",
  continue: true,
};

/**
 * Domain routes first, each with `continue: true` so the severity routes below still page
 * on-call; then the severity matrix. Per-domain timings are the specification's.
 */
export const DEFAULT_ROUTES = [
  {
    name: "artemis",
    matchers: ['domain="artemis"'],
    receiver: "team-artemis",
    groupBy: TEAM_GROUP_BY,
    groupWait: "30s",
    groupInterval: "5m",
    repeatInterval: "4h",
    continue: true,
  },
  {
    name: "sophia",
    matchers: ['domain="sophia"'],
    receiver: "team-sophia",
    groupBy: [...TEAM_GROUP_BY, "model_name"],
    groupWait: "45s",
    groupInterval: "10m",
    repeatInterval: "6h",
    continue: true,
  },
  {
    name: "keda",
    matchers: ['alertname=~"KEDA.*"'],
    receiver: "team-infrastructure",
    groupBy: [...TEAM_GROUP_BY, "scaledobject"],
    groupWait: "60s",
    groupInterval: "5m",
    repeatInterval: "30m",
    continue: true,
  },
  { name: "infrastructure", matchers: ['domain="infrastructure"'], ...INFRASTRUCTURE_TEAM },
  { name: "node-disk-memory", matchers: ['alertname=~"Node.*|.*Disk.*|.*Memory.*"', 'domain!="infrastructure"'], ...INFRASTRUCTURE_TEAM },
  { name: "critical", matchers: ['severity="critical"'], receiver: "oncall-critical", groupWait: "10s", repeatInterval: "4h" },
  { name: "high", matchers: ['severity="high"'], receiver: "slack-urgent" },
  { name: "warning", matchers: ['severity="warning"'], receiver: "slack-alerts", muteTimeIntervals: ["maintenance-window"] },
  {
    name: "info",
    matchers: ['severity="info"'],
    receiver: "low-noise",
    activeTimeIntervals: ["business-hours"],
    muteTimeIntervals: ["maintenance-window"],
  },
];

/** All six inhibitions of docs/requirements.md; tenant_id is in `equal` so tenants never inhibit each other. */
export const DEFAULT_INHIBIT_RULES = [
  {
    name: "critical-suppresses-warning",
    sourceMatchers: ['severity="critical"'],
    targetMatchers: ['severity="warning"'],
    equal: ["alertname", "tenant_id"],
  },
  {
    name: "circuit-breaker-open",
    sourceMatchers: ['alertname="CircuitBreakerOpen"'],
    targetMatchers: ['alertname=~".*HighLatency|.*Timeout"'],
    equal: ["cluster", "namespace", "service"],
  },
  {
    name: "node-down",
    sourceMatchers: ['alertname="NodeDown"'],
    targetMatchers: ['alertname=~"Pod.*|Container.*"'],
    equal: ["node"],
  },
  {
    name: "maintenance-window",
    sourceMatchers: ['alertname="MaintenanceWindow"'],
    targetMatchers: ['alertname=~"KEDA.*|.*Scaling.*"'],
    equal: ["namespace"],
  },
  {
    name: "ai-model-loading",
    sourceMatchers: ['alertname="AIModelLoading"'],
    targetMatchers: ['alertname="AIInferenceLatencyHigh"'],
    equal: ["namespace", "model_name"],
  },
  {
    name: "database-migration",
    sourceMatchers: ['alertname="DatabaseMigrationInProgress"'],
    targetMatchers: ['alertname=~".*Query.*|.*Connection.*"'],
    equal: ["database", "namespace"],
  },
];

export const DEFAULT_TIME_INTERVALS = [
  {
    name: "business-hours",
    intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "America/Los_Angeles" }],
  },
  {
    name: "maintenance-window",
    intervals: [{ weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "America/Los_Angeles" }],
  },
];

/**
 * Web access credentials (secret config keys). `webPassword` is generated when unset; TLS is on
 * when both `webTlsCert` and `webTlsKey` are set, and `webTlsCa` (optional) is what clients trust.
 */
export const WEB_CREDENTIAL_KEYS = ["webPassword", "webTlsCert", "webTlsKey", "webTlsCa"] as const;
export type WebCredentialKey = (typeof WEB_CREDENTIAL_KEYS)[number];

/** The default config key of the SMTP password (`alerting:smtp.passwordCredential`). */
export const SMTP_PASSWORD_KEY = "smtpPassword";
