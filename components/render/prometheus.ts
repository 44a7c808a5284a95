/** prometheus.yml: alerts go to EVERY Alertmanager replica (alerts are not gossiped), and each is scraped. */
import type { AlertingSpec } from "../../config/spec";
import { PrometheusPaths } from "./paths";
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

export function renderPrometheusConfig(spec: AlertingSpec, options: PrometheusRenderOptions): string {
  if (options.alertmanagers.length === 0) {
    throw new Error("renderPrometheusConfig: at least one Alertmanager address is required");
  }
  const config = {
    global: {
      scrape_interval: spec.prometheus.scrapeInterval,
      evaluation_interval: spec.prometheus.evaluationInterval,
      ...(Object.keys(spec.prometheus.externalLabels).length > 0 && { external_labels: spec.prometheus.externalLabels }),
    },
    alerting: {
      alertmanagers: [{ api_version: "v2", static_configs: [{ targets: options.alertmanagers }] }],
    },
    rule_files: [`${options.paths.rulesDir}/*.yml`],
    scrape_configs: [
      { job_name: PROMETHEUS_JOB, static_configs: [{ targets: [options.self] }] },
      { job_name: ALERTMANAGER_JOB, static_configs: [{ targets: options.alertmanagers }] },
      ...spec.prometheus.scrapeJobs.map((job) => ({
        job_name: job.name,
        metrics_path: job.metricsPath,
        scheme: job.scheme,
        static_configs: [{ targets: job.targets }],
      })),
    ],
  };
  return toYaml(config);
}
