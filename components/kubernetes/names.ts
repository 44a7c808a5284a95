/** Object names in the namespace, the pods' stable DNS names, and where Prometheus finds each replica. */
import type { AlertingSpec } from "../../config/spec";
import type { Topology } from "../render";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { PORTS } from "../../config/ports";
import { webScheme } from "../render/web";
import { ingressUrl } from "../../config/ingress-schema";

export type Component = "alertmanager" | "prometheus";

/** Fixed names: reviewers, runbooks and `kubectl` commands can rely on them. */
export const KUBERNETES_NAMES = {
  alertmanager: "alertmanager",
  alertmanagerHeadless: "alertmanager-cluster",
  alertmanagerCredentials: "alertmanager-credentials",
  alertmanagerConfig: "alertmanager-config",
  prometheus: "prometheus",
  prometheusPeers: "prometheus-peers",
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

/** Stable DNS name of each Prometheus pod through its headless Service: the replicas scrape each other. */
export function prometheusPodHosts(spec: AlertingSpec): string[] {
  const n = KUBERNETES_NAMES;
  return Array.from({ length: spec.prometheus.replicas }, (_, i) => `${n.prometheus}-${i}.${n.prometheusPeers}.${spec.kubernetes.namespace}.svc`);
}

export function kubernetesTopology(spec: AlertingSpec): Topology {
  return {
    alertmanagerPaths: CONTAINER_ALERTMANAGER_PATHS,
    prometheusPaths: CONTAINER_PROMETHEUS_PATHS,
    alertmanagerAddresses: alertmanagerPodHosts(spec).map((host) => `${host}:${PORTS.alertmanagerWeb}`),
    // One replica scrapes itself on localhost; a pair scrapes both, so each sees the other one down.
    prometheusAddresses:
      spec.prometheus.replicas > 1 ? prometheusPodHosts(spec).map((host) => `${host}:${PORTS.prometheus}`) : [`localhost:${PORTS.prometheus}`],
  };
}

/** The URL set, else the Ingress's (config/kubernetes-checks.ts keeps the two on one host), else the in-cluster Service's. */
function externalUrl(spec: AlertingSpec, component: Component, port: number): string {
  const route = spec.kubernetes.ingress?.[component];
  return (
    spec[component].externalUrl ??
    (route ? ingressUrl(route) : `${webScheme(spec.web)}://${KUBERNETES_NAMES[component]}.${spec.kubernetes.namespace}.svc:${port}`)
  );
}

export const alertmanagerExternalUrl = (spec: AlertingSpec): string => externalUrl(spec, "alertmanager", PORTS.alertmanagerWeb);

export const prometheusExternalUrl = (spec: AlertingSpec): string => externalUrl(spec, "prometheus", PORTS.prometheus);
