/**
 * The rule presets and the alerts each defines. The rule files (components/render/rules/) type
 * their alert names from here, so `alerting:rules.for` and the rules cannot drift apart.
 */
export const PRESET_ALERTS = {
  application: ["EnhancementSuccessRateLow", "QueueDepthHigh", "WorkerDown", "HighLatency"],
  connector: [
    "HighPacketErrorRate",
    "SettlementFailures",
    "TigerBeetleUnavailable",
    "ChannelDispute",
    "HighP99Latency",
    "LowThroughput",
    "ConnectorDown",
    "HighMemoryUsage",
    "CriticalErrorSpike",
    "SettlementSLABreach",
    "PacketSLABreach",
  ],
  meta: [
    "Watchdog",
    "AlertmanagerDown",
    "AlertmanagerFailedReload",
    "AlertmanagerFailedToSendAlerts",
    "AlertmanagerConfigInconsistent",
    "PrometheusNotConnectedToAlertmanagers",
    "PrometheusErrorSendingAlertsToAnyAlertmanager",
    "PrometheusRuleFailures",
    "PrometheusReplicaDown",
    "AlertmanagerMembersInconsistent",
    "AlertmanagerClusterMembersBelowExpected",
    "AlertmanagerClusterFailedToSendAlerts",
    "AlertmanagerClusterDown",
    "AlertmanagerClusterCrashlooping",
  ],
} as const;

export type RulePreset = keyof typeof PRESET_ALERTS;
export type PresetAlertName<P extends RulePreset = RulePreset> = (typeof PRESET_ALERTS)[P][number];

export const RULE_PRESETS = Object.keys(PRESET_ALERTS) as [RulePreset, ...RulePreset[]];
export const PRESET_ALERT_NAMES = Object.values(PRESET_ALERTS).flat() as [PresetAlertName, ...PresetAlertName[]];
