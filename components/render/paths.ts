/** Where files live inside the Alertmanager and Prometheus containers; the renderers and components agree on these. */

export interface AlertmanagerPaths {
  configFile: string;
  templatesDir: string;
  /** One file per credential, named by its config key; Alertmanager reads them at send time. */
  secretsDir: string;
  storageDir: string;
}

export interface PrometheusPaths {
  configFile: string;
  rulesDir: string;
  storageDir: string;
}

export const CONTAINER_ALERTMANAGER_PATHS: AlertmanagerPaths = {
  configFile: "/etc/alertmanager/config/alertmanager.yml",
  templatesDir: "/etc/alertmanager/templates",
  secretsDir: "/etc/alertmanager/secrets",
  storageDir: "/alertmanager",
};

export const CONTAINER_PROMETHEUS_PATHS: PrometheusPaths = {
  configFile: "/etc/prometheus/config/prometheus.yml",
  rulesDir: "/etc/prometheus/rules",
  storageDir: "/prometheus",
};

export const TEMPLATE_FILE = "notifications.tmpl";

export function credentialFile(paths: AlertmanagerPaths, key: string): string {
  return `${paths.secretsDir}/${key}`;
}
