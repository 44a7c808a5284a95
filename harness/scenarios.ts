/**
 * The routing table: the routing promises of the default configuration, written once. It feeds
 * the `amtool config routes test` table, `npm run verify` and the end-to-end tests. Each
 * scenario's alerts get a tenant of their own when fired, so scenarios never share a notification.
 * A user with other routes passes their own list (`npm run verify -- --scenarios FILE`, same
 * shape, YAML).
 */

/** A receiver that is only notified while some time intervals are (or are not) active. */
export interface TimedReceiver {
  receiver: string;
  /** Nothing while one of these time intervals is active (mute_time_intervals). */
  mutedDuring?: string[];
  /** Nothing unless all of these time intervals are active (active_time_intervals). */
  activeDuring?: string[];
}

export interface Scenario {
  name: string;
  /** Label sets to fire; tenant_id is set per scenario. */
  alerts: Record<string, string>[];
  /** Receivers that must be notified (every integration they have), in route order; all others must not. */
  expect: (string | TimedReceiver)[];
  /** Time intervals that mute (or must be active for) the whole scenario. */
  mutedDuring?: string[];
  activeDuring?: string[];
  /**
   * What `amtool config routes test` answers, where it differs from `expect`: amtool walks the
   * routing tree only, so a receiver that delivers nothing (`null`) still counts there.
   */
  routes?: string[];
}

const BUSINESS_HOURS_ONLY: Omit<TimedReceiver, "receiver"> = { activeDuring: ["business-hours"], mutedDuring: ["maintenance-window"] };
const lowNoise: TimedReceiver = { receiver: "low-noise", ...BUSINESS_HOURS_ONLY };
const slackAlerts: TimedReceiver = { receiver: "slack-alerts", mutedDuring: ["maintenance-window"] };

export const ROUTING_TABLE: Scenario[] = [
  { name: "critical pages on-call", alerts: [{ alertname: "WorkerDown", severity: "critical" }], expect: ["oncall-critical"] },
  { name: "high goes to the urgent channel", alerts: [{ alertname: "SettlementSLABreach", severity: "high" }], expect: ["slack-urgent"] },
  { name: "warning goes to Slack only", alerts: [{ alertname: "QueueDepthHigh", severity: "warning" }], expect: [slackAlerts] },
  { name: "info goes to the low-noise channel", alerts: [{ alertname: "DailyDigest", severity: "info" }], expect: [lowNoise] },
  { name: "unclassified falls through to the default", alerts: [{ alertname: "Unclassified" }], expect: ["slack-alerts"] },
  { name: "severity none falls through to the default", alerts: [{ alertname: "Unrated", severity: "none" }], expect: ["slack-alerts"] },
  {
    name: "artemis critical: team and on-call",
    alerts: [{ alertname: "EnhancementSuccessRateLow", severity: "critical", domain: "artemis" }],
    expect: ["team-artemis", "oncall-critical"],
  },
  {
    name: "artemis warning: team and Slack",
    alerts: [{ alertname: "HighLatency", severity: "warning", domain: "artemis" }],
    expect: ["team-artemis", slackAlerts],
  },
  {
    name: "sophia high: team and urgent channel",
    alerts: [{ alertname: "AIInferenceLatencyHigh", severity: "high", domain: "sophia" }],
    expect: ["team-sophia", "slack-urgent"],
  },
  {
    name: "sophia info: team, and low-noise in business hours",
    alerts: [{ alertname: "ModelDrift", severity: "info", domain: "sophia" }],
    expect: ["team-sophia", lowNoise],
  },
  {
    name: "infrastructure high: team and urgent channel",
    alerts: [{ alertname: "CertificateExpiry", severity: "high", domain: "infrastructure" }],
    expect: ["team-infrastructure", "slack-urgent"],
  },
  {
    name: "infrastructure warning: team and Slack",
    alerts: [{ alertname: "CertificateExpiry", severity: "warning", domain: "infrastructure" }],
    expect: ["team-infrastructure", slackAlerts],
  },
  {
    name: "KEDA alert: infrastructure team",
    alerts: [{ alertname: "KEDAScalerFailed", severity: "high", namespace: "apps" }],
    expect: ["team-infrastructure", "slack-urgent"],
  },
  {
    name: "KEDA alert of a domain: that team and infrastructure",
    alerts: [{ alertname: "KEDAScaledObjectErrors", severity: "warning", domain: "sophia" }],
    expect: ["team-sophia", "team-infrastructure", slackAlerts],
  },
  {
    name: "node alert: infrastructure team and on-call",
    alerts: [{ alertname: "NodeDiskPressure", severity: "critical", node: "n1" }],
    expect: ["team-infrastructure", "oncall-critical"],
  },
  { name: "memory alert: infrastructure team", alerts: [{ alertname: "HighMemoryUsage", severity: "warning" }], expect: ["team-infrastructure", slackAlerts] },
  {
    name: "NodeDown in infrastructure: team once, and on-call",
    alerts: [{ alertname: "NodeDown", severity: "critical", domain: "infrastructure" }],
    expect: ["team-infrastructure", "oncall-critical"],
  },
  { name: "connector down pages on-call", alerts: [{ alertname: "ConnectorDown", severity: "critical" }], expect: ["oncall-critical"] },
  {
    name: "critical inhibits the warning of the same alert",
    alerts: [
      { alertname: "ConnectorDown", severity: "critical" },
      { alertname: "ConnectorDown", severity: "warning" },
    ],
    expect: ["oncall-critical"],
  },
];

/** A scenario's expected receivers in route order, with their time intervals. */
export function expectedReceivers(scenario: Scenario): TimedReceiver[] {
  return scenario.expect.map((e) => (typeof e === "string" ? { receiver: e } : e));
}

/** The receivers `amtool config routes test` must answer for a single-alert scenario. */
export function routedReceivers(scenario: Scenario): string[] {
  return scenario.routes ?? expectedReceivers(scenario).map((r) => r.receiver);
}
