/**
 * Validates Kubernetes objects against the API's OpenAPI schema, as generated into
 * kubernetes-models (a maintained package; its 5.x line is built from Kubernetes 1.36.0).
 */
import { findPackageJSON } from "node:module";
import { dirname, join } from "node:path";

export const KUBERNETES_SCHEMA_VERSION = "1.36.0";

/**
 * Every apiVersion/kind the program may emit, each served by Kubernetes 1.29 through 1.35 (the
 * releases users run): all GA groups, none removed in that range. A kind the components start to
 * emit is added here after checking Kubernetes' deprecation guide for it.
 */
export const SERVED_FROM_1_29_TO_1_35: ReadonlySet<string> = new Set([
  "v1/ConfigMap",
  "v1/Namespace",
  "v1/Secret",
  "v1/Service",
  "v1/ServiceAccount",
  "apps/v1/StatefulSet",
  "batch/v1/Job",
  "networking.k8s.io/v1/Ingress",
  "networking.k8s.io/v1/NetworkPolicy",
  "policy/v1/PodDisruptionBudget",
  "rbac.authorization.k8s.io/v1/ClusterRole",
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
  "rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding",
]);

export interface SchemaResult {
  object: string;
  error?: string;
}

type ModelClass = new (data: object) => { validate(): void };

let root: string | undefined;
function modelsRoot(): string {
  root ??= dirname(findPackageJSON("kubernetes-models", __filename) ?? "");
  return root;
}

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[\w.]+(\/v\w+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return undefined;
  try {
    // kubernetes-models 5 is ESM with import-only exports: its files are loaded by path, which
    // Node 22+ can require.
    return require(join(modelsRoot(), apiVersion, `${kind}.js`))[kind];
  } catch {
    return undefined;
  }
}

export function validateKubernetesObject(object: { apiVersion?: string; kind?: string; metadata?: { name?: string } }): SchemaResult {
  const id = `${object.kind}/${object.metadata?.name ?? "?"}`;
  const Model = modelFor(String(object.apiVersion), String(object.kind));
  if (!Model) return { object: id, error: `no schema for apiVersion ${object.apiVersion} kind ${object.kind}` };
  try {
    new Model(object).validate();
    return { object: id };
  } catch (err) {
    return { object: id, error: err instanceof Error ? err.message : String(err) };
  }
}
