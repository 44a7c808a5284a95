/**
 * Both roles on the local target, so the topology runs on one laptop: a local central serves its
 * satellites straight from its Alertmanager containers (no Ingress), over HTTPS with the web
 * certificate, each replica known on the central's docker network as `am-<i>.<host>`; a local
 * satellite's Prometheus joins that network. Pure.
 */
import type { ConfigIssue } from "./errors";
import type { AlertingConfig } from "./schema";

/** The secrets that make the local replicas serve HTTPS (config/defaults.ts WEB_CREDENTIAL_KEYS). */
const TLS_KEYS = ["webTlsCert", "webTlsKey"] as const;

export function checkLocalMultiCluster(config: AlertingConfig, values: Record<string, unknown>): ConfigIssue[] {
  if (config.target !== "local") return [];
  const issues: ConfigIssue[] = [];
  const { centralNetwork, namePrefix } = config.local;
  if (config.central) {
    if (centralNetwork === undefined) {
      issues.push({
        path: ["local", "centralNetwork"],
        message: "is required for a local satellite (alerting:central): name the local central stack's docker network (its local.namePrefix, e.g. alerting)",
      });
    } else if (centralNetwork === namePrefix) {
      issues.push({
        path: ["local", "centralNetwork"],
        value: centralNetwork,
        message: `is this satellite's own network (local.namePrefix); give the satellite a prefix of its own, e.g. satellite-${config.cluster ?? "a"}`,
      });
    }
  }
  if (config.satellites) {
    for (const key of TLS_KEYS.filter((k) => !(k in values))) {
      issues.push({
        path: [key],
        message: `is required by alerting:satellites on the local target: the replicas serve satellites over HTTPS themselves; set a certificate for am-<i>.${config.satellites.host} with pulumi config set --secret ${key}`,
      });
    }
  }
  return issues;
}
