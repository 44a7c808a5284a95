/**
 * What a program run would put on disk inside the containers, read back from the registered
 * resources: ConfigMap data (Kubernetes) or container uploads (docker). Secrets redacted.
 */
import { KUBERNETES_NAMES } from "../components/kubernetes/names";
import { FileTree, TEMPLATES_DIR } from "../components/render";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../components/render/paths";
import { isSecret, RegisteredResource } from "./program";
import { posix } from "path";

export const REDACTED = "[secret]";

/** Rebuilds a value, replacing each secret wrapper with what `onSecret` makes of its contents. */
function mapSecrets(value: unknown, onSecret: (inner: unknown) => unknown): any {
  if (isSecret(value)) return onSecret(value.value);
  if (Array.isArray(value)) return value.map((v) => mapSecrets(v, onSecret));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, onSecret)]));
  return value;
}

/** Secret values become "[secret]"; a secret map (a Secret's data) keeps its keys, which name config keys, not values. */
export function redact(value: unknown): unknown {
  return mapSecrets(value, (inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.keys(inner).map((k) => [k, REDACTED])) : REDACTED,
  );
}

/** The inputs as the provider receives them, every secret wrapper removed. */
export function unwrapSecrets(value: unknown): any {
  return mapSecrets(value, unwrapSecrets);
}

export interface DeployedFiles {
  alertmanager: FileTree;
  prometheus: FileTree;
}

/**
 * A container's uploads arrive as one secret when any upload is a credential; the config files
 * in it are not credentials, and the credential files are never read here.
 */
const unwrap = (value: unknown) => (isSecret(value) ? value.value : value);

function fromUploads(uploads: { file: string; content: unknown }[], roots: Record<string, string>): FileTree {
  const tree: FileTree = {};
  for (const upload of uploads) {
    for (const [root, prefix] of Object.entries(roots)) {
      if (upload.file.startsWith(`${root}/`) && typeof upload.content === "string") {
        tree[`${prefix}${upload.file.slice(root.length + 1)}`] = upload.content;
      }
    }
  }
  return tree;
}

export function deployedFiles(resources: RegisteredResource[]): DeployedFiles {
  const configMap = (name: string) => resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.inputs.metadata?.name === name)?.inputs.data ?? {};
  if (resources.some((r) => r.type.startsWith("kubernetes:"))) {
    const am = configMap(KUBERNETES_NAMES.alertmanagerConfig);
    const rules = configMap(KUBERNETES_NAMES.prometheusRules);
    return {
      alertmanager: Object.fromEntries(Object.entries(am).map(([k, v]) => [k.endsWith(".tmpl") ? `${TEMPLATES_DIR}${k}` : k, v as string])),
      prometheus: {
        ...configMap(KUBERNETES_NAMES.prometheusConfig),
        ...Object.fromEntries(Object.entries(rules).map(([k, v]) => [`rules/${k}`, v as string])),
      },
    };
  }
  const containers = resources.filter((r) => r.type === "docker:index/container:Container");
  const am = containers.find((c) => /-alertmanager-0$/.test(c.inputs.name));
  const prom = containers.find((c) => /-prometheus$/.test(c.inputs.name));
  return {
    alertmanager: fromUploads((unwrap(am?.inputs.uploads) ?? []) as { file: string; content: unknown }[], {
      [posix.dirname(CONTAINER_ALERTMANAGER_PATHS.configFile)]: "",
      [CONTAINER_ALERTMANAGER_PATHS.templatesDir]: TEMPLATES_DIR,
    }),
    prometheus: fromUploads((unwrap(prom?.inputs.uploads) ?? []) as { file: string; content: unknown }[], {
      [posix.dirname(CONTAINER_PROMETHEUS_PATHS.configFile)]: "",
      [CONTAINER_PROMETHEUS_PATHS.rulesDir]: "rules/",
    }),
  };
}
