/** prometheus.yml: alerts go to EVERY Alertmanager replica (alerts are not gossiped), and each is scraped. */
import { BUILT_IN_JOBS, ScrapeJobConfig } from "../../config/scrape-schema";
import type { AlertingSpec } from "../../config/spec";
import { discoveryJobs } from "./discovery";
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

/** What Prometheus 2 assumed for every target: the classic text format. */
export const FALLBACK_SCRAPE_PROTOCOL = "PrometheusText0.0.4";

/** Prometheus 3 expands `$VAR` in external label values; `$$` keeps a dollar the user wrote literal. */
export function literalExternalLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([name, value]) => [name, value.replaceAll("$", "$$$$")]));
}

export const scrapeCredentialFile = (paths: PrometheusPaths, key: string): string => `${paths.secretsDir}/${key}`;

/** A user's static job: target credentials only as files Prometheus reads at scrape time. */
function scrapeJob(job: ScrapeJobConfig, paths: PrometheusPaths) {
  const file = (key: string) => scrapeCredentialFile(paths, key);
  const tls = job.tls;
  return {
    job_name: job.name,
    ...(job.scrapeInterval && { scrape_interval: job.scrapeInterval }),
    metrics_path: job.metricsPath,
    scheme: job.scheme,
    // Prometheus 3 fails a scrape whose Content-Type is missing or unknown; older exporters send none.
    fallback_scrape_protocol: FALLBACK_SCRAPE_PROTOCOL,
    ...(job.basicAuth && { basic_auth: { username: job.basicAuth.username, password_file: file(job.basicAuth.passwordCredential) } }),
    ...(job.bearerTokenCredential && { authorization: { type: "Bearer", credentials_file: file(job.bearerTokenCredential) } }),
    ...(tls && {
      tls_config: {
        ...(tls.caCredential && { ca_file: file(tls.caCredential) }),
        ...(tls.certCredential && { cert_file: file(tls.certCredential) }),
        ...(tls.keyCredential && { key_file: file(tls.keyCredential) }),
        ...(tls.serverName && { server_name: tls.serverName }),
        insecure_skip_verify: tls.insecureSkipVerify,
      },
    }),
    ...(job.relabelConfigs.length > 0 && { relabel_configs: job.relabelConfigs }),
    static_configs: [{ targets: job.targets }],
  };
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
      { job_name: BUILT_IN_JOBS.prometheus, ...client, static_configs: [{ targets: [options.self] }] },
      { job_name: BUILT_IN_JOBS.alertmanager, ...client, static_configs: [{ targets: options.alertmanagers }] },
      ...spec.prometheus.scrapeJobs.map((job) => scrapeJob(job, options.paths)),
      ...discoveryJobs(spec.prometheus.discovery),
    ],
  };
  return toYaml(config);
}
