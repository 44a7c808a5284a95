/**
 * Shared fixtures for the policy tests: resources as the program registers them, a happy-path
 * container every case changes one field of, and the pack run the way the policy server runs it
 * (offline/policy-runner.ts).
 */
import { policies } from "../../policy/policies";
import { PackConfig, runPolicies } from "../../offline/policy-runner";
import { RegisteredResource } from "../../offline/program";

export const SLACK_URL = "https://hooks.slack.com/services/T00000000/B00000000/placeholder-not-real";
export const TEAMS_URL = "https://example.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456";
export const DISCORD_URL = "https://discord.com/api/webhooks/123456789012345678/placeholder_not-a-real-discord-webhook-token";
export const MATTERMOST_URL = "https://mattermost.example.com/hooks/xmz5kq8wb3f7dyc1nj4hp6tr9e";
export const TELEGRAM_TOKEN = "123456789:AAplaceholder-not_a_real_bot_token0";
export const VICTOROPS_URL = "https://alert.victorops.com/integrations/generic/20131114/alert/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/ops-team";
/** AWS's own documentation example keys. */
export const AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
export const AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

export const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
export const probes = { livenessProbe: { httpGet: { path: "/-/healthy", port: 8080 } }, readinessProbe: { httpGet: { path: "/-/ready", port: 8080 } } };
/** A container that passes every policy; `extra` changes one field of it. */
export const good = (extra: Record<string, unknown> = {}) => ({ name: "app", image: "example/app:1.2.3", resources, ...probes, ...extra });

export const KINDS: Record<string, { type: string; apiVersion: string; wrap: (podSpec: object) => object }> = {
  Pod: { type: "kubernetes:core/v1:Pod", apiVersion: "v1", wrap: (spec) => spec },
  Deployment: { type: "kubernetes:apps/v1:Deployment", apiVersion: "apps/v1", wrap: (spec) => ({ template: { metadata: { labels: { app: "x" } }, spec } }) },
  StatefulSet: { type: "kubernetes:apps/v1:StatefulSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { metadata: { labels: { app: "x" } }, spec } }) },
  DaemonSet: { type: "kubernetes:apps/v1:DaemonSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { spec } }) },
  ReplicaSet: { type: "kubernetes:apps/v1:ReplicaSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { spec } }) },
  Job: { type: "kubernetes:batch/v1:Job", apiVersion: "batch/v1", wrap: (spec) => ({ template: { spec } }) },
  CronJob: {
    type: "kubernetes:batch/v1:CronJob",
    apiVersion: "batch/v1",
    wrap: (spec) => ({ schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } }),
  },
};
export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export function workload(kind: Kind, podSpec: object, spec: object = {}): RegisteredResource {
  const k = KINDS[kind];
  return {
    type: k.type,
    name: `test-${kind.toLowerCase()}`,
    custom: true,
    dependsOn: [],
    deleteBeforeReplace: false,
    inputs: { apiVersion: k.apiVersion, kind, metadata: { name: "x" }, spec: { ...k.wrap(podSpec), ...spec } },
  };
}

/** A Deployment whose only container is `good(extra)`. */
export const deployment = (extra: Record<string, unknown> = {}) => workload("Deployment", { containers: [good(extra)] });

export const resource = (type: string, inputs: object, name = `test-${type.split(":").pop()!.toLowerCase()}`): RegisteredResource => ({
  type,
  name,
  custom: true,
  dependsOn: [],
  deleteBeforeReplace: false,
  inputs,
});
export const configMap = (data: Record<string, string>) =>
  resource("kubernetes:core/v1:ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data });
export const dockerContainer = (extra: Record<string, unknown> = {}) =>
  resource("docker:index/container:Container", {
    name: "c",
    image: "prom/alertmanager:v0.33.1",
    memory: 128,
    cpus: "0.1",
    healthcheck: { tests: ["CMD", "true"] },
    ...extra,
  });

/** The program's Prometheus discovery rules: read-only, on what service discovery needs. A fresh copy each call. */
export const discoveryRules = (): Record<string, unknown>[] => [
  { apiGroups: [""], resources: ["pods", "services", "endpoints"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
];
/** A Role (in "monitoring") or ClusterRole "prometheus-discovery" with `discoveryRules()`; `extra` changes one field of it. */
export const rbacRole = (kind: "Role" | "ClusterRole", extra: Record<string, unknown> = {}) =>
  resource(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: kind === "Role" ? { name: "prometheus-discovery", namespace: "monitoring" } : { name: "prometheus-discovery" },
    rules: discoveryRules(),
    ...extra,
  });

export const AM_LABELS = { "app.kubernetes.io/name": "alertmanager" };
export interface AlertmanagerStackOptions {
  replicas?: number;
  pdb?: boolean;
  protocols?: string[];
  /** Labels on the pod template (default AM_LABELS). */
  labels?: Record<string, string>;
  /** What the PodDisruptionBudget selects (default AM_LABELS). */
  pdbSelector?: Record<string, string>;
  /** What the NetworkPolicy selects (default AM_LABELS). */
  podSelector?: Record<string, string>;
  /** The NetworkPolicy's ingress ports (default 9094 with each of `protocols`). */
  ports?: object[];
  image?: string;
}
export function alertmanagerStack(opts: AlertmanagerStackOptions = {}): RegisteredResource[] {
  const labels = opts.labels ?? AM_LABELS;
  const sts = workload(
    "StatefulSet",
    { containers: [good({ name: "alertmanager", image: opts.image ?? "prom/alertmanager:v0.33.1" })] },
    { replicas: opts.replicas ?? 3, selector: { matchLabels: labels } },
  );
  (sts.inputs.spec.template.metadata as any).labels = labels;
  const list = [sts];
  if (opts.pdb ?? true)
    list.push(resource("kubernetes:policy/v1:PodDisruptionBudget", { spec: { maxUnavailable: 1, selector: { matchLabels: opts.pdbSelector ?? AM_LABELS } } }));
  list.push(
    resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
      spec: {
        podSelector: { matchLabels: opts.podSelector ?? AM_LABELS },
        ingress: [{ ports: opts.ports ?? (opts.protocols ?? ["TCP", "UDP"]).map((protocol) => ({ port: 9094, protocol })) }],
      },
    }),
  );
  return list;
}

/** An Alertmanager config whose one receiver `r` is `receiver` (indented as a list item's body). */
export const AM_INLINE = (receiver: string) => `route:\n  receiver: r\nreceivers:\n  - name: r\n${receiver}`;

/** The policies that flag these resources, sorted, each once. */
export async function flagged(resourcesUnderTest: RegisteredResource[], config: PackConfig = {}): Promise<string[]> {
  const run = await runPolicies(resourcesUnderTest, policies, config);
  return [...new Set(run.violations.map((v) => v.policy))].sort();
}

/** Every violation message, in the order the pack reports them; only `policy`'s if given. */
export async function messages(resourcesUnderTest: RegisteredResource[], policy?: string, config: PackConfig = {}): Promise<string[]> {
  const run = await runPolicies(resourcesUnderTest, policies, config);
  return run.violations.filter((v) => policy === undefined || v.policy === policy).map((v) => v.message);
}

/** no-plaintext-credentials: its name, and the messages and ConfigMaps its tests build. */
export const PLAINTEXT_POLICY = "no-plaintext-credentials";
export const cm = (what: string, key = "alertmanager.yml") => `ConfigMap key "${key}" holds ${what}; keep credentials in a Secret.`;
export const inline = (field: string) => `an inline "${field}" (use "${field}_file")`;
export const amConfig = (text: string) => configMap({ "alertmanager.yml": text });
export const receiverWith = (section: string, body: string) => amConfig(AM_INLINE(`    ${section}:\n      - ${body}\n`));
