/**
 * Kubernetes discovery jobs: pods, and services through their endpoint slices, that carry the
 * usual `prometheus.io/scrape: "true"` annotation, with `/port`, `/path` and `/scheme` honoured and
 * the `namespace`, `pod` and `service` labels set. Only in the namespaces a stack lists.
 */
import { BUILT_IN_JOBS, DiscoveryConfig } from "../../config/scrape-schema";

type Role = "pod" | "endpointslice";

/** Which `__meta_kubernetes_*` object carries the annotations in each role. */
const ANNOTATED: Record<Role, string> = { pod: "pod", endpointslice: "service" };

const annotation = (role: Role, name: string) => `__meta_kubernetes_${ANNOTATED[role]}_annotation_prometheus_io_${name}`;

/** The address rewrite upstream's example uses: IPv6 pod addresses get brackets, IPv4 ones do not. */
function portRewrite(role: Role) {
  const port = annotation(role, "port");
  const ip = "__meta_kubernetes_pod_ip";
  return [
    {
      source_labels: [port, ip],
      action: "replace",
      regex: "(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})",
      replacement: "[$2]:$1",
      target_label: "__address__",
    },
    { source_labels: [port, ip], action: "replace", regex: "(\\d+);((([0-9]+?)(\\.|$)){4})", replacement: "$2:$1", target_label: "__address__" },
  ];
}

function discoveryJob(jobName: string, role: Role, discovery: DiscoveryConfig) {
  return {
    job_name: jobName,
    kubernetes_sd_configs: [{ role, ...(!discovery.allNamespaces && { namespaces: { names: discovery.namespaces } }) }],
    relabel_configs: [
      { source_labels: [annotation(role, "scrape")], action: "keep", regex: "true" },
      // A finished pod keeps its address for a while; scraping it only adds failed scrapes.
      { source_labels: ["__meta_kubernetes_pod_phase"], action: "drop", regex: "Pending|Succeeded|Failed|Completed" },
      { source_labels: [annotation(role, "scheme")], action: "replace", regex: "(https?)", target_label: "__scheme__" },
      { source_labels: [annotation(role, "path")], action: "replace", regex: "(.+)", target_label: "__metrics_path__" },
      ...portRewrite(role),
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      ...(role === "endpointslice" ? [{ source_labels: ["__meta_kubernetes_service_name"], target_label: "service" }] : []),
    ],
  };
}

export const discoveryEnabled = (d: DiscoveryConfig): boolean => d.allNamespaces || d.namespaces.length > 0;

export function discoveryJobs(discovery: DiscoveryConfig) {
  if (!discoveryEnabled(discovery)) return [];
  return [discoveryJob(BUILT_IN_JOBS.pods, "pod", discovery), discoveryJob(BUILT_IN_JOBS.services, "endpointslice", discovery)];
}
