/** prometheus.yml: alerts go to EVERY Alertmanager replica (alerts are not gossiped), and each is scraped. */
import { PROMETHEUS_REPLICA_ENV } from "../../config/prometheus-ha";
import { CentralSpec, CLUSTER_LABEL } from "../../config/satellites";
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
  /** host:port of every Alertmanager replica, never a load-balanced Service; a satellite sends to `spec.central.alertmanagers` instead. */
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

/** The port an https URL without one is served on. */
const HTTPS_PORT = "443";

/**
 * A satellite's alertmanagers entries: every central replica's URL, as https with basic auth and
 * TLS files (one entry per path prefix, since Prometheus has one path_prefix per entry).
 */
export function centralAlertmanagerConfigs(central: CentralSpec, paths: PrometheusPaths) {
  const urls = central.alertmanagers ?? [];
  if (urls.length === 0)
    throw new Error("renderPrometheusConfig: a satellite needs the central's Alertmanager URLs (alerting:central.alertmanagers or its stack's output)");
  const byPrefix = new Map<string, string[]>();
  for (const url of urls.map((u) => new URL(u))) {
    const prefix = url.pathname.replace(/\/$/, "");
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), `${url.hostname}:${url.port || HTTPS_PORT}`]);
  }
  const file = (name: string) => scrapeCredentialFile(paths, name);
  const tls = {
    ...(central.ca && { ca_file: file(central.ca.file) }),
    ...(central.clientCert && { cert_file: file(central.clientCert.certFile), key_file: file(central.clientCert.keyFile) }),
  };
  return [...byPrefix].map(([prefix, targets]) => ({
    api_version: "v2",
    scheme: "https",
    ...(prefix && { path_prefix: prefix }),
    basic_auth: { username: central.username, password_file: file(central.password.file) },
    ...(Object.keys(tls).length > 0 && { tls_config: tls }),
    static_configs: [{ targets }],
  }));
}

export function renderPrometheusConfig(spec: AlertingSpec, options: PrometheusRenderOptions): string {
  const central = spec.role === "satellite" ? spec.central : undefined;
  if (!central && options.alertmanagers.length === 0) {
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
    // Every alert names its cluster: one central tells two satellites' alerts apart, routes and silences can match it.
    ...literalExternalLabels({ [CLUSTER_LABEL]: spec.cluster, ...spec.prometheus.externalLabels }),
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
      alertmanagers: central
        ? centralAlertmanagerConfigs(central, options.paths)
        : [{ api_version: "v2", ...client, static_configs: [{ targets: options.alertmanagers }] }],
    },
    rule_files: [`${options.paths.rulesDir}/*${RULE_FILE_EXTENSION}`],
    scrape_configs: [
      { job_name: BUILT_IN_JOBS.prometheus, ...client, static_configs: [{ targets: options.prometheuses }] },
      // A satellite's Alertmanagers are the central's, which scrapes them itself.
      ...(central ? [] : [{ job_name: BUILT_IN_JOBS.alertmanager, ...client, static_configs: [{ targets: options.alertmanagers }] }]),
      ...spec.prometheus.scrapeJobs.map((job) => scrapeJob(job, options.paths)),
      ...discoveryJobs(spec.prometheus.discovery),
    ],
    ...(spec.prometheus.remoteWrite.length > 0 && {
      remote_write: remoteWriteConfigs(spec.prometheus.remoteWrite, (key) => scrapeCredentialFile(options.paths, key)),
    }),
  };
  return toYaml(config);
}
