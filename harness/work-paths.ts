/** Where the harness keeps each server's files under a run's work directory, as the pods' volumes hold them. */
import * as path from "path";
import type { AlertmanagerPaths, PrometheusPaths } from "../components/render/paths";

export function alertmanagerPathsIn(workDir: string): AlertmanagerPaths {
  return {
    configFile: path.join(workDir, "alertmanager", "alertmanager.yml"),
    templatesDir: path.join(workDir, "alertmanager", "templates"),
    secretsDir: path.join(workDir, "secrets"),
    storageDir: path.join(workDir, "alertmanager-data"),
    webDir: path.join(workDir, "alertmanager-web"),
  };
}

export function prometheusPathsIn(workDir: string): PrometheusPaths {
  return {
    configFile: path.join(workDir, "prometheus", "prometheus.yml"),
    rulesDir: path.join(workDir, "prometheus", "rules"),
    secretsDir: path.join(workDir, "prometheus-secrets"),
    storageDir: path.join(workDir, "prometheus-data"),
    webDir: path.join(workDir, "prometheus-web"),
  };
}
