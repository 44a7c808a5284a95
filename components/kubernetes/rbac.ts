/**
 * What Prometheus may read for target discovery, and no more: get/list/watch on pods, services,
 * endpoints and endpointslices, in each listed namespace (a Role and RoleBinding there), or
 * cluster-wide only when the stack asks for all namespaces. Never secrets, never a wildcard.
 */
import type { AlertingSpec } from "../../config/spec";
import { discoveryEnabled } from "../render/discovery";
import { labels } from "./common";
import { KUBERNETES_NAMES as N } from "./names";

const READ = ["get", "list", "watch"];

export const DISCOVERY_RULES = [
  { apiGroups: [""], resources: ["pods", "services", "endpoints"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
];

const RBAC_GROUP = "rbac.authorization.k8s.io";

export interface DiscoveryRbac {
  roles: { metadata: { name: string; namespace?: string; labels: Record<string, string> }; rules: typeof DISCOVERY_RULES }[];
  bindings: {
    metadata: { name: string; namespace?: string; labels: Record<string, string> };
    roleRef: { apiGroup: string; kind: "Role" | "ClusterRole"; name: string };
    subjects: { kind: "ServiceAccount"; name: string; namespace: string }[];
  }[];
  /** True for a ClusterRole and ClusterRoleBinding (all namespaces), false for per-namespace ones. */
  clusterWide: boolean;
}

export function discoveryRbac(spec: AlertingSpec): DiscoveryRbac {
  const discovery = spec.prometheus.discovery;
  if (!discoveryEnabled(discovery)) return { roles: [], bindings: [], clusterWide: false };
  const subjects = [{ kind: "ServiceAccount" as const, name: N.prometheus, namespace: spec.kubernetes.namespace }];
  const objectLabels = labels(spec, "prometheus");
  if (discovery.allNamespaces) {
    // Cluster-scoped names are shared by every stack on the cluster: the namespace keeps them apart.
    const name = `${spec.kubernetes.namespace}-${N.prometheusDiscovery}`;
    return {
      roles: [{ metadata: { name, labels: objectLabels }, rules: DISCOVERY_RULES }],
      bindings: [{ metadata: { name, labels: objectLabels }, roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name }, subjects }],
      clusterWide: true,
    };
  }
  const metadata = (namespace: string) => ({ name: N.prometheusDiscovery, namespace, labels: objectLabels });
  return {
    roles: discovery.namespaces.map((ns) => ({ metadata: metadata(ns), rules: DISCOVERY_RULES })),
    bindings: discovery.namespaces.map((ns) => ({
      metadata: metadata(ns),
      roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: N.prometheusDiscovery },
      subjects,
    })),
    clusterWide: false,
  };
}
