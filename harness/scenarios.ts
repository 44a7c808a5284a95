/**
 * The routing promises of the default configuration, as `npm run verify` checks them.
 * Each scenario's alerts get a tenant of their own, so scenarios never share a notification.
 * A user with other routes passes their own list (`--scenarios FILE`, same shape, YAML).
 */
export interface Scenario {
  name: string;
  /** Label sets to fire; tenant_id is added per scenario. */
  alerts: Record<string, string>[];
  /** Receivers that must be notified (every integration they have); all others must not. */
  expect: string[];
  /** Expect nothing while one of these time intervals is active (mute_time_intervals). */
  mutedDuring?: string[];
  /** Expect nothing unless all of these time intervals are active (active_time_intervals). */
  activeDuring?: string[];
}

export const DEFAULT_SCENARIOS: Scenario[] = [
  { name: "critical pages on-call", alerts: [{ alertname: "WorkerDown", severity: "critical" }], expect: ["oncall-critical"] },
  { name: "high goes to the urgent channel", alerts: [{ alertname: "SettlementSLABreach", severity: "high" }], expect: ["slack-urgent"] },
  { name: "warning goes to Slack only", alerts: [{ alertname: "QueueDepthHigh", severity: "warning" }], expect: ["slack-alerts"], mutedDuring: ["maintenance-window"] },
  { name: "info goes to the low-noise channel", alerts: [{ alertname: "DailyDigest", severity: "info" }], expect: ["low-noise"], activeDuring: ["business-hours"], mutedDuring: ["maintenance-window"] },
  { name: "unclassified falls through to the default", alerts: [{ alertname: "Unclassified" }], expect: ["slack-alerts"] },
  { name: "artemis critical: team and on-call", alerts: [{ alertname: "EnhancementSuccessRateLow", severity: "critical", domain: "artemis" }], expect: ["team-artemis", "oncall-critical"] },
  { name: "sophia high: team and urgent channel", alerts: [{ alertname: "AIInferenceLatencyHigh", severity: "high", domain: "sophia" }], expect: ["team-sophia", "slack-urgent"] },
  { name: "infrastructure high: team and urgent channel", alerts: [{ alertname: "CertificateExpiry", severity: "high", domain: "infrastructure" }], expect: ["team-infrastructure", "slack-urgent"] },
  { name: "KEDA alert: infrastructure team", alerts: [{ alertname: "KEDAScalerFailed", severity: "high" }], expect: ["team-infrastructure", "slack-urgent"] },
  { name: "node alert: infrastructure team and on-call", alerts: [{ alertname: "NodeDiskPressure", severity: "critical", node: "n1" }], expect: ["team-infrastructure", "oncall-critical"] },
  { name: "Watchdog is delivered nowhere", alerts: [{ alertname: "Watchdog", severity: "none" }], expect: [] },
  {
    name: "critical inhibits the warning of the same alert",
    alerts: [{ alertname: "ConnectorDown", severity: "critical" }, { alertname: "ConnectorDown", severity: "warning" }],
    expect: ["oncall-critical"],
  },
];
