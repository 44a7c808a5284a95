/**
 * Validates Kubernetes objects against the API's OpenAPI schema, as generated into
 * kubernetes-models (a maintained package; its 4.x line is built from Kubernetes 1.27.1).
 */
export const KUBERNETES_SCHEMA_VERSION = "1.27.1";

export interface SchemaResult {
  object: string;
  error?: string;
}

type ModelClass = new (data: object) => { validate(): void };

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[\w.]+(\/v\w+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return undefined;
  try {
    return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
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
