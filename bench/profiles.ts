/** The load profiles of docs/requirements.md ("Proof"), and the shortened durations the benchmark runs. */
export interface LoadProfile {
  name: string;
  ratePerSecond: number;
  /** What the requirements ask for (docs/requirements.md). */
  specifiedSeconds: number;
  /**
   * What the benchmark runs: shortened to the shortest group_wait of the deployed routes (10s,
   * infrastructure), so every alert is in its group's first notification and the run fits 10
   * minutes; longer runs would only measure group_interval.
   */
  seconds: number;
}

export const PROFILES: LoadProfile[] = [
  { name: "steady 10/s", ratePerSecond: 10, specifiedSeconds: 300, seconds: 10 },
  { name: "busy 100/s", ratePerSecond: 100, specifiedSeconds: 60, seconds: 10 },
  { name: "burst 500/s", ratePerSecond: 500, specifiedSeconds: 10, seconds: 10 },
  { name: "sustained 50/s", ratePerSecond: 50, specifiedSeconds: 600, seconds: 10 },
];

/** The profile run on one replica and on three in the same run: the cost of HA. */
export const SIDE_BY_SIDE: LoadProfile = PROFILES[1];

const ALERTS: [string, string, string?][] = [
  ["QueueDepthHigh", "warning", "artemis"],
  ["HighLatency", "high", "artemis"],
  ["WorkerDown", "critical"],
  ["AIInferenceLatencyHigh", "high", "sophia"],
  ["KEDAScalerFailed", "warning"],
  ["NodeDiskPressure", "high", "infrastructure"],
  ["SettlementFailures", "critical"],
  ["HighPacketErrorRate", "high"],
  ["LowThroughput", "warning"],
  ["HighMemoryUsage", "warning"],
];
const TENANTS = 20;

/** The n-th alert of a profile: realistic labels (tenants, domains, severities), one instance each. */
export function alertLabels(profile: number, n: number): Record<string, string> {
  const [alertname, severity, domain] = ALERTS[n % ALERTS.length];
  return {
    alertname,
    severity,
    ...(domain && { domain }),
    tenant_id: `p${profile}-tenant-${Math.floor(n / ALERTS.length) % TENANTS}`,
    namespace: "apps",
    instance: `p${profile}-i${n}`,
  };
}
