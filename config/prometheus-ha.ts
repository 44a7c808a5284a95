/**
 * Prometheus as an HA pair: every replica evaluates every rule and sends its alerts to every
 * Alertmanager. Each replica names itself in an external label (for remote storage and queries);
 * that label is dropped from alerts, so the replicas' alerts are identical and Alertmanager
 * deduplicates them. Pure.
 */
import type { ConfigIssue } from "./errors";
import type { AlertingConfig } from "./schema";

/** The environment variable holding a replica's name; Prometheus 3 expands `${...}` in external label values (checked with 3.5.3). */
export const PROMETHEUS_REPLICA_ENV = "PROMETHEUS_REPLICA";

export function checkPrometheusHa(config: AlertingConfig): ConfigIssue[] {
  const { replicas, replicaLabel, externalLabels } = config.prometheus;
  const issues: ConfigIssue[] = [];
  if (config.target === "local" && replicas !== undefined && replicas > 1) {
    issues.push({
      path: ["prometheus", "replicas"],
      value: replicas,
      message: "is more than 1 on the local stack, which runs one Prometheus; use 1, or the kubernetes target",
    });
  }
  if (replicaLabel in externalLabels) {
    issues.push({
      path: ["prometheus", "externalLabels", replicaLabel],
      value: externalLabels[replicaLabel],
      message: `is the replica label (prometheus.replicaLabel), which the program sets on each replica; remove it or rename the replica label`,
    });
  }
  return issues;
}
