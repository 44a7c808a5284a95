/** prometheus.yml: alerts go to EVERY Alertmanager replica (alerts are not gossiped), and each is scraped. */
import { PROMETHEUS_REPLICA_ENV } from "../../config/prometheus-ha";
import { RULE_FILE_EXTENSION } from "../../config/rule-folders";
import { BUILT_IN_JOBS, ScrapeJobConfig } from "../../config/scrape-schema";
import type { AlertingSpec } from "../../config/spec";
import { discoveryJobs } from "./discovery";
import { PrometheusPaths, WEB_FILES } from "./paths";
import { remoteWriteConfigs } from "./remote-write";
import { webScheme } from "./web";
import { toYaml } from "./yaml";

export interface PrometheusRenderOptions {
  paths: PrometheusPaths;
  /** host:port of every Alertmanager replica, never a load-balanced Service. */
  alertmanagers: string[];
  /** host:port of every Prometheus replica, this one included: each scrapes them all, so the meta rules see a replica that is down. */
  prometheuses: string[];
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
  // An HA pair: each replica names itself (for remote storage and queries) and drops the name from
  // alerts, so both replicas send Alertmanager the same alert and it is notified once.
  const ha = spec.prometheus.replicas > 1;
  const externalLabels = {
    ...literalExternalLabels(spec.prometheus.externalLabels),
    ...(ha && { [spec.prometheus.replicaLabel]: `\${${PROMETHEUS_REPLICA_ENV}}` }),
  };
  const config = {
    global: {
      scrape_interval: spec.prometheus.scrapeInterval,
      evaluation_interval: spec.prometheus.evaluationInterval,
      ...(Object.keys(externalLabels).length > 0 && { external_labels: externalLabels }),
    },
    alerting: {
      ...(ha && { alert_relabel_configs: [{ action: "labeldrop", regex: spec.prometheus.replicaLabel }] }),
      alertmanagers: [{ api_version: "v2", ...client, static_configs: [{ targets: options.alertmanagers }] }],
    },
    rule_files: [`${options.paths.rulesDir}/*${RULE_FILE_EXTENSION}`],
    scrape_configs: [
      { job_name: BUILT_IN_JOBS.prometheus, ...client, static_configs: [{ targets: options.prometheuses }] },
      { job_name: BUILT_IN_JOBS.alertmanager, ...client, static_configs: [{ targets: options.alertmanagers }] },
      ...spec.prometheus.scrapeJobs.map((job) => scrapeJob(job, options.paths)),
      ...discoveryJobs(spec.prometheus.discovery),
    ],
    ...(spec.prometheus.remoteWrite.length > 0 && {
      remote_write: remoteWriteConfigs(spec.prometheus.remoteWrite, (key) => scrapeCredentialFile(options.paths, key)),
    }),
  };
  return toYaml(config);
}
