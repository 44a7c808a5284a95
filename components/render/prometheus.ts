/** prometheus.yml: alerts go to EVERY Alertmanager replica (alerts are not gossiped), and each is scraped. */
import type { AlertingSpec } from "../../config/spec";
import { PrometheusPaths, WEB_FILES } from "./paths";
import { webScheme } from "./web";
import { toYaml } from "./yaml";

export interface PrometheusRenderOptions {
  paths: PrometheusPaths;
  /** host:port of every Alertmanager replica, never a load-balanced Service. */
  alertmanagers: string[];
  /** host:port Prometheus scrapes itself on. */
  self: string;
}

export const ALERTMANAGER_JOB = "alertmanager";
export const PROMETHEUS_JOB = "prometheus";

/** What Prometheus 2 assumed for every target: the classic text format. */
export const FALLBACK_SCRAPE_PROTOCOL = "PrometheusText0.0.4";

/** Prometheus 3 expands `$VAR` in external label values; `$$` keeps a dollar the user wrote literal. */
export function literalExternalLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([name, value]) => [name, value.replaceAll("$", "$$$$")]));
}

export function renderPrometheusConfig(spec: AlertingSpec, options: PrometheusRenderOptions): string {
  if (options.alertmanagers.length === 0) {
    throw new Error("renderPrometheusConfig: at least one Alertmanager address is required");
  }
  const web = spec.web;
  // How Prometheus authenticates to Alertmanager and to itself when web access control is on.
  const client = web.auth
    ? {
        scheme: webScheme(web),
        basic_auth: { username: web.username, password_file: `${options.paths.webDir}/${WEB_FILES.password}` },
        ...(web.tls && { tls_config: { ca_file: `${options.paths.webDir}/${WEB_FILES.ca}` } }),
      }
    : {};
  const config = {
    global: {
      scrape_interval: spec.prometheus.scrapeInterval,
      evaluation_interval: spec.prometheus.evaluationInterval,
      ...(Object.keys(spec.prometheus.externalLabels).length > 0 && { external_labels: literalExternalLabels(spec.prometheus.externalLabels) }),
    },
    alerting: {
      alertmanagers: [{ api_version: "v2", ...client, static_configs: [{ targets: options.alertmanagers }] }],
    },
    rule_files: [`${options.paths.rulesDir}/*.yml`],
    scrape_configs: [
      { job_name: PROMETHEUS_JOB, ...client, static_configs: [{ targets: [options.self] }] },
      { job_name: ALERTMANAGER_JOB, ...client, static_configs: [{ targets: options.alertmanagers }] },
      ...spec.prometheus.scrapeJobs.map((job) => ({
        job_name: job.name,
        metrics_path: job.metricsPath,
        scheme: job.scheme,
        // Prometheus 3 fails a scrape whose Content-Type is missing or unknown; older exporters send none.
        fallback_scrape_protocol: FALLBACK_SCRAPE_PROTOCOL,
        static_configs: [{ targets: job.targets }],
      })),
    ],
  };
  return toYaml(config);
}
