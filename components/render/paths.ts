/** Where files live inside the Alertmanager and Prometheus containers; the renderers and components agree on these. */

export interface AlertmanagerPaths {
  configFile: string;
  templatesDir: string;
  /** One file per credential, named by its config key; Alertmanager reads them at send time. */
  secretsDir: string;
  storageDir: string;
  /** Web access files (WEB_FILES): web config, probe credentials, TLS material. */
  webDir: string;
}

export interface PrometheusPaths {
  configFile: string;
  rulesDir: string;
  /** One file per scrape or remote write credential, named by its config key; Prometheus reads them at scrape or send time. */
  secretsDir: string;
  storageDir: string;
  /** Web access files (WEB_FILES), including the password Prometheus sends to Alertmanager. */
  webDir: string;
}

/** Files in each webDir. All of them are secret except web.yml's structure (its hash is still secret). */
export const WEB_FILES = {
  config: "web.yml",
  password: "password",
  probeAuthorization: "probe-authorization",
  cert: "tls.crt",
  key: "tls.key",
  ca: "ca.crt",
} as const;

export const CONTAINER_ALERTMANAGER_PATHS: AlertmanagerPaths = {
  configFile: "/etc/alertmanager/config/alertmanager.yml",
  templatesDir: "/etc/alertmanager/templates",
  secretsDir: "/etc/alertmanager/secrets",
  storageDir: "/alertmanager",
  webDir: "/etc/alertmanager/web",
};

export const CONTAINER_PROMETHEUS_PATHS: PrometheusPaths = {
  configFile: "/etc/prometheus/config/prometheus.yml",
  rulesDir: "/etc/prometheus/rules",
  secretsDir: "/etc/prometheus/secrets",
  storageDir: "/prometheus",
  webDir: "/etc/prometheus/web",
};

export { PROGRAM_TEMPLATE_FILE as TEMPLATE_FILE } from "../../config/template-files";

/**
 * Alertmanager's event recorder file (alerting:audit): on the data volume, which each replica has
 * to itself, beside silences and the notification log. Not in a directory of its own: Alertmanager
 * creates the file, not its parent.
 */
export function auditEventsFile(paths: AlertmanagerPaths): string {
  return `${paths.storageDir}/audit-events.jsonl`;
}

export function credentialFile(paths: AlertmanagerPaths, key: string): string {
  return `${paths.secretsDir}/${key}`;
}
