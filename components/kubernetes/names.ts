/** Object names in the namespace, the pods' stable DNS names, and where Prometheus finds each replica. */
import type { AlertingSpec } from "../../config/spec";
import type { Topology } from "../render";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { PORTS } from "../../config/ports";
import { webScheme } from "../render/web";

export type Component = "alertmanager" | "prometheus";

/** Fixed names: reviewers, runbooks and `kubectl` commands can rely on them. */
export const KUBERNETES_NAMES = {
  alertmanager: "alertmanager",
  alertmanagerHeadless: "alertmanager-cluster",
  alertmanagerCredentials: "alertmanager-credentials",
  alertmanagerConfig: "alertmanager-config",
  prometheus: "prometheus",
  prometheusConfig: "prometheus-config",
  prometheusRules: "prometheus-rules",
  prometheusCredentials: "prometheus-credentials",
  prometheusDiscovery: "prometheus-discovery",
  web: { alertmanager: "alertmanager-web", prometheus: "prometheus-web" },
} as const;

/** Stable DNS name of each Alertmanager pod through the governing headless Service. */
export function alertmanagerPodHosts(spec: AlertingSpec): string[] {
  const n = KUBERNETES_NAMES;
  return Array.from({ length: spec.alertmanager.replicas }, (_, i) => `${n.alertmanager}-${i}.${n.alertmanagerHeadless}.${spec.kubernetes.namespace}.svc`);
}

export function kubernetesTopology(spec: AlertingSpec): Topology {
  return {
    alertmanagerPaths: CONTAINER_ALERTMANAGER_PATHS,
    prometheusPaths: CONTAINER_PROMETHEUS_PATHS,
    alertmanagerAddresses: alertmanagerPodHosts(spec).map((host) => `${host}:${PORTS.alertmanagerWeb}`),
    prometheusAddress: `localhost:${PORTS.prometheus}`,
  };
}

export function alertmanagerExternalUrl(spec: AlertingSpec): string {
  return spec.alertmanager.externalUrl ?? `${webScheme(spec.web)}://${KUBERNETES_NAMES.alertmanager}.${spec.kubernetes.namespace}.svc:${PORTS.alertmanagerWeb}`;
}

export function prometheusExternalUrl(spec: AlertingSpec): string {
  return spec.prometheus.externalUrl ?? `${webScheme(spec.web)}://${KUBERNETES_NAMES.prometheus}.${spec.kubernetes.namespace}.svc:${PORTS.prometheus}`;
}
