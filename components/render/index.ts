/** Everything the two binaries load, as file trees of strings, with content hashes that roll pods on change. */
import { createHash } from "crypto";
import { widenSeverityComparisons } from "../../config/severity-words";
import type { AlertingSpec } from "../../config/spec";
import { renderAlertmanagerConfig } from "./alertmanager";
import { AlertmanagerPaths, PrometheusPaths, TEMPLATE_FILE } from "./paths";
import { renderPrometheusConfig } from "./prometheus";
import { renderRuleFiles } from "./rules";
import { NOTIFICATION_TEMPLATES } from "./templates";
import { assertTemplateCallsDefined } from "./template-calls";

export interface Topology {
  alertmanagerPaths: AlertmanagerPaths;
  prometheusPaths: PrometheusPaths;
  /** host:port of every Alertmanager replica as Prometheus reaches it. */
  alertmanagerAddresses: string[];
  /** host:port of every Prometheus replica as the replicas reach each other. */
  prometheusAddresses: string[];
  captureBaseUrl?: string;
}

/** File name (relative to the component's config root) -> content. */
export type FileTree = Record<string, string>;

export interface RenderedConfig {
  /** `alertmanager.yml`, `templates/<file>.tmpl` */
  alertmanager: FileTree;
  /** `prometheus.yml`, `rules/<preset>.yml` */
  prometheus: FileTree;
  alertmanagerHash: string;
  prometheusHash: string;
}

export const ALERTMANAGER_CONFIG_FILE = "alertmanager.yml";
export const PROMETHEUS_CONFIG_FILE = "prometheus.yml";
/** Where template files sit in Alertmanager's file tree (the directory alertmanager.yml globs). */
export const TEMPLATES_DIR = "templates/";

export function hashFiles(files: FileTree): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest("hex");
}

export function renderAll(spec: AlertingSpec, topology: Topology): RenderedConfig {
  assertTemplateCallsDefined(spec);
  const alertmanager: FileTree = {
    [ALERTMANAGER_CONFIG_FILE]: renderAlertmanagerConfig(spec, {
      paths: topology.alertmanagerPaths,
      captureBaseUrl: topology.captureBaseUrl,
    }),
    // A mapped severity word is its severity to every receiver's severity-dependent field (PagerDuty's severity, Opsgenie's priority, ...).
    [`${TEMPLATES_DIR}${TEMPLATE_FILE}`]: widenSeverityComparisons(NOTIFICATION_TEMPLATES, spec.mappedSeverityWords),
    ...Object.fromEntries(spec.templateFiles.map((f) => [`${TEMPLATES_DIR}${f.name}`, f.text])),
  };
  const rules = renderRuleFiles(spec);
  const prometheus: FileTree = {
    [PROMETHEUS_CONFIG_FILE]: renderPrometheusConfig(spec, {
      paths: topology.prometheusPaths,
      alertmanagers: topology.alertmanagerAddresses,
      prometheuses: topology.prometheusAddresses,
    }),
    ...Object.fromEntries(Object.entries(rules).map(([name, text]) => [`rules/${name}`, text])),
  };
  return { alertmanager, prometheus, alertmanagerHash: hashFiles(alertmanager), prometheusHash: hashFiles(prometheus) };
}
