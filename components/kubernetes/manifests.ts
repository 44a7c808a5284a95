/**
 * Pure builders for the production Kubernetes objects (plain data, no resources): the
 * component registers them, tests and the policy pack read them. Credentials never pass here;
 * the Secret's data is attached by the component.
 */
import type * as k8s from "@pulumi/kubernetes";
import { posix } from "path";
import type { AlertingSpec } from "../../config/spec";
import { ALERTMANAGER_CONFIG_FILE, PROMETHEUS_CONFIG_FILE, RenderedConfig, Topology } from "../render";
import { alertmanagerFlags, prometheusFlags } from "../render/flags";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS, TEMPLATE_FILE } from "../render/paths";
import { probeCommand, webScheme } from "../render/web";

type ObjectMeta = k8s.types.input.meta.v1.ObjectMeta;
type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;

export const PORTS = { web: 9093, mesh: 9094, prometheus: 9090 } as const;
const UID = 65534;
const PART_OF = "proven-alerting";

export interface KubernetesNames {
  namespace: string;
  alertmanager: string;
  alertmanagerHeadless: string;
  alertmanagerCredentials: string;
  alertmanagerConfig: string;
  prometheus: string;
  prometheusConfig: string;
  prometheusRules: string;
  alertmanagerWeb: string;
  prometheusWeb: string;
}

export function kubernetesNames(spec: AlertingSpec): KubernetesNames {
  return {
    namespace: spec.kubernetes.namespace,
    alertmanager: "alertmanager",
    alertmanagerHeadless: "alertmanager-cluster",
    alertmanagerCredentials: "alertmanager-credentials",
    alertmanagerConfig: "alertmanager-config",
    prometheus: "prometheus",
    prometheusConfig: "prometheus-config",
    prometheusRules: "prometheus-rules",
    alertmanagerWeb: "alertmanager-web",
    prometheusWeb: "prometheus-web",
  };
}

/** Stable DNS name of each Alertmanager pod through the governing headless Service. */
export function alertmanagerPodHosts(spec: AlertingSpec, names = kubernetesNames(spec)): string[] {
  return Array.from(
    { length: spec.alertmanager.replicas },
    (_, i) => `${names.alertmanager}-${i}.${names.alertmanagerHeadless}.${names.namespace}.svc`,
  );
}

export function kubernetesTopology(spec: AlertingSpec): Topology {
  return {
    alertmanagerPaths: CONTAINER_ALERTMANAGER_PATHS,
    prometheusPaths: CONTAINER_PROMETHEUS_PATHS,
    alertmanagerAddresses: alertmanagerPodHosts(spec).map((host) => `${host}:${PORTS.web}`),
    prometheusAddress: `localhost:${PORTS.prometheus}`,
  };
}

export function selectorLabels(component: "alertmanager" | "prometheus") {
  return { "app.kubernetes.io/name": component, "app.kubernetes.io/instance": PART_OF };
}

export function labels(component: "alertmanager" | "prometheus", version: string) {
  return {
    ...selectorLabels(component),
    "app.kubernetes.io/version": version,
    "app.kubernetes.io/component": component === "alertmanager" ? "alert-router" : "monitoring",
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

function imageVersion(image: string): string {
  return image.includes("@") ? image.split("@")[1].slice(0, 63).replace(/[^\w.-]/g, "-") : image.slice(image.lastIndexOf(":") + 1);
}

function meta(name: string, namespace: string, l: Record<string, string>, annotations?: Record<string, string>): ObjectMeta {
  return { name, namespace, labels: l, ...(annotations && { annotations }) };
}

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

const restrictedPod: PodSpec["securityContext"] = {
  runAsNonRoot: true,
  runAsUser: UID,
  runAsGroup: UID,
  fsGroup: UID,
  seccompProfile: { type: "RuntimeDefault" },
};

function antiAffinity(spec: AlertingSpec, component: "alertmanager" | "prometheus"): PodSpec["affinity"] {
  const term = { labelSelector: { matchLabels: selectorLabels(component) }, topologyKey: "kubernetes.io/hostname" };
  return {
    podAntiAffinity:
      spec.kubernetes.antiAffinity === "required"
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}

/**
 * With web access control on, every path needs credentials, so the probes run the image's
 * busybox wget with the Authorization header read from the mounted Secret: no credential in the
 * pod spec. Without it, plain HTTP probes.
 */
function probes(spec: AlertingSpec, port: number, webDir: string) {
  const timing = { liveness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 }, readiness: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 10 } };
  const check = (path: string) =>
    spec.web.auth
      ? { exec: { command: ["sh", "-c", probeCommand(spec, port, webDir, path)] } }
      : { httpGet: { path, port } };
  return {
    livenessProbe: { ...check("/-/healthy"), ...timing.liveness },
    readinessProbe: { ...check("/-/ready"), ...timing.readiness },
  };
}

export function namespace(spec: AlertingSpec) {
  return {
    metadata: {
      name: spec.kubernetes.namespace,
      labels: {
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
        "pod-security.kubernetes.io/enforce": "restricted",
      },
    },
  };
}

export function serviceAccount(spec: AlertingSpec, component: "alertmanager" | "prometheus") {
  const names = kubernetesNames(spec);
  const image = component === "alertmanager" ? spec.images.alertmanager : spec.images.prometheus;
  return { metadata: meta(names[component], names.namespace, labels(component, imageVersion(image))), automountServiceAccountToken: false };
}

export function alertmanagerConfigMap(spec: AlertingSpec, rendered: RenderedConfig) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.alertmanagerConfig, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))),
    data: {
      [ALERTMANAGER_CONFIG_FILE]: rendered.alertmanager[ALERTMANAGER_CONFIG_FILE],
      [TEMPLATE_FILE]: rendered.alertmanager[`templates/${TEMPLATE_FILE}`],
    },
  };
}

/** The Secret without its data: the component attaches the credential values as Pulumi secrets. */
export function alertmanagerCredentialsMeta(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return { metadata: meta(names.alertmanagerCredentials, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))), type: "Opaque" };
}

function webSecretName(spec: AlertingSpec, component: "alertmanager" | "prometheus"): string {
  const names = kubernetesNames(spec);
  return component === "alertmanager" ? names.alertmanagerWeb : names.prometheusWeb;
}

/** Web access Secret (web config, probe credentials, TLS) of one server, without its data. */
export function webSecretMeta(spec: AlertingSpec, component: "alertmanager" | "prometheus") {
  const image = component === "alertmanager" ? spec.images.alertmanager : spec.images.prometheus;
  return { metadata: meta(webSecretName(spec, component), spec.kubernetes.namespace, labels(component, imageVersion(image))), type: "Opaque" };
}

function webVolume(spec: AlertingSpec, component: "alertmanager" | "prometheus", mountPath: string) {
  if (!spec.web.auth) return { volumes: [], mounts: [] };
  const secretName = webSecretName(spec, component);
  return {
    volumes: [{ name: "web", secret: { secretName, defaultMode: 0o440 } }],
    mounts: [{ name: "web", mountPath, readOnly: true }],
  };
}

export function alertmanagerHeadlessService(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.alertmanagerHeadless, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))),
    spec: {
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: selectorLabels("alertmanager"),
      ports: [
        { name: "web", port: PORTS.web, targetPort: "web", protocol: "TCP" },
        { name: "mesh-tcp", port: PORTS.mesh, targetPort: "mesh-tcp", protocol: "TCP" },
        { name: "mesh-udp", port: PORTS.mesh, targetPort: "mesh-udp", protocol: "UDP" },
      ],
    },
  };
}

export function alertmanagerService(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.alertmanager, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels("alertmanager"),
      ports: [{ name: "web", port: PORTS.web, targetPort: "web", protocol: "TCP" }],
    },
  };
}

export function alertmanagerExternalUrl(spec: AlertingSpec): string {
  const names = kubernetesNames(spec);
  return spec.alertmanager.externalUrl ?? `${webScheme(spec.web)}://${names.alertmanager}.${names.namespace}.svc:${PORTS.web}`;
}

export function alertmanagerArgs(spec: AlertingSpec): string[] {
  return alertmanagerFlags(spec, {
    paths: CONTAINER_ALERTMANAGER_PATHS,
    webListenAddress: `:${PORTS.web}`,
    externalUrl: alertmanagerExternalUrl(spec),
    clusterListenAddress: `[$(POD_IP)]:${PORTS.mesh}`,
    peers: alertmanagerPodHosts(spec).map((host) => `${host}:${PORTS.mesh}`),
  });
}

export function alertmanagerStatefulSet(spec: AlertingSpec, rendered: RenderedConfig) {
  const names = kubernetesNames(spec);
  const paths = CONTAINER_ALERTMANAGER_PATHS;
  const l = labels("alertmanager", imageVersion(spec.images.alertmanager));
  const web = webVolume(spec, "alertmanager", paths.webDir);
  const container: Container = {
    name: "alertmanager",
    image: spec.images.alertmanager,
    args: alertmanagerArgs(spec),
    env: [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
    ports: [
      { name: "web", containerPort: PORTS.web, protocol: "TCP" },
      { name: "mesh-tcp", containerPort: PORTS.mesh, protocol: "TCP" },
      { name: "mesh-udp", containerPort: PORTS.mesh, protocol: "UDP" },
    ],
    ...probes(spec, PORTS.web, paths.webDir),
    resources: spec.alertmanager.resources,
    securityContext: restrictedContainer,
    volumeMounts: [
      { name: "config", mountPath: posix.dirname(paths.configFile), readOnly: true },
      { name: "templates", mountPath: paths.templatesDir, readOnly: true },
      { name: "credentials", mountPath: paths.secretsDir, readOnly: true },
      ...web.mounts,
      { name: "data", mountPath: paths.storageDir },
    ],
  };
  return {
    metadata: meta(names.alertmanager, names.namespace, l),
    spec: {
      replicas: spec.alertmanager.replicas,
      serviceName: names.alertmanagerHeadless,
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selectorLabels("alertmanager") },
      template: {
        metadata: { labels: l, annotations: { "checksum/config": rendered.alertmanagerHash } },
        spec: {
          serviceAccountName: names.alertmanager,
          automountServiceAccountToken: false,
          securityContext: restrictedPod,
          terminationGracePeriodSeconds: 120,
          affinity: antiAffinity(spec, "alertmanager"),
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selectorLabels("alertmanager") },
            },
          ],
          containers: [container],
          volumes: [
            { name: "config", configMap: { name: names.alertmanagerConfig, items: [{ key: ALERTMANAGER_CONFIG_FILE, path: ALERTMANAGER_CONFIG_FILE }] } },
            { name: "templates", configMap: { name: names.alertmanagerConfig, items: [{ key: TEMPLATE_FILE, path: TEMPLATE_FILE }] } },
            // No subPath: kubelet then refreshes rotated credentials in place, and Alertmanager reads them at send time.
            { name: "credentials", secret: { secretName: names.alertmanagerCredentials, defaultMode: 0o440 } },
            ...web.volumes,
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: selectorLabels("alertmanager") },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(spec.alertmanager.storage.storageClass && { storageClassName: spec.alertmanager.storage.storageClass }),
            resources: { requests: { storage: spec.alertmanager.storage.size } },
          },
        },
      ],
    },
  };
}

export function alertmanagerPodDisruptionBudget(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.alertmanager, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels("alertmanager") } },
  };
}

const fromNamespaces = (namespaces: string[]) =>
  namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }));

export function alertmanagerNetworkPolicy(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.alertmanager, names.namespace, labels("alertmanager", imageVersion(spec.images.alertmanager))),
    spec: {
      podSelector: { matchLabels: selectorLabels("alertmanager") },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels("prometheus") } }, ...fromNamespaces(spec.kubernetes.uiNamespaces)],
          ports: [{ port: PORTS.web, protocol: "TCP" }],
        },
        {
          from: [{ podSelector: { matchLabels: selectorLabels("alertmanager") } }],
          ports: [
            { port: PORTS.mesh, protocol: "TCP" },
            { port: PORTS.mesh, protocol: "UDP" },
          ],
        },
      ],
    },
  };
}

export function prometheusConfigMaps(spec: AlertingSpec, rendered: RenderedConfig) {
  const names = kubernetesNames(spec);
  const l = labels("prometheus", imageVersion(spec.images.prometheus));
  const rules = Object.fromEntries(
    Object.entries(rendered.prometheus)
      .filter(([file]) => file.startsWith("rules/"))
      .map(([file, text]) => [file.slice("rules/".length), text]),
  );
  return {
    config: { metadata: meta(names.prometheusConfig, names.namespace, l), data: { [PROMETHEUS_CONFIG_FILE]: rendered.prometheus[PROMETHEUS_CONFIG_FILE] } },
    rules: { metadata: meta(names.prometheusRules, names.namespace, l), data: rules },
  };
}

export function prometheusService(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.prometheus, names.namespace, labels("prometheus", imageVersion(spec.images.prometheus))),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels("prometheus"),
      ports: [{ name: "web", port: PORTS.prometheus, targetPort: "web", protocol: "TCP" }],
    },
  };
}

export function prometheusStatefulSet(spec: AlertingSpec, rendered: RenderedConfig) {
  const names = kubernetesNames(spec);
  const paths = CONTAINER_PROMETHEUS_PATHS;
  const l = labels("prometheus", imageVersion(spec.images.prometheus));
  const web = webVolume(spec, "prometheus", paths.webDir);
  const container: Container = {
    name: "prometheus",
    image: spec.images.prometheus,
    args: prometheusFlags(spec, { paths, webListenAddress: `:${PORTS.prometheus}` }),
    ports: [{ name: "web", containerPort: PORTS.prometheus, protocol: "TCP" }],
    ...probes(spec, PORTS.prometheus, paths.webDir),
    resources: spec.prometheus.resources,
    securityContext: restrictedContainer,
    volumeMounts: [
      { name: "config", mountPath: posix.dirname(paths.configFile), readOnly: true },
      { name: "rules", mountPath: paths.rulesDir, readOnly: true },
      ...web.mounts,
      { name: "data", mountPath: paths.storageDir },
    ],
  };
  return {
    metadata: meta(names.prometheus, names.namespace, l),
    spec: {
      replicas: 1,
      serviceName: names.prometheus,
      selector: { matchLabels: selectorLabels("prometheus") },
      template: {
        metadata: { labels: l, annotations: { "checksum/config": rendered.prometheusHash } },
        spec: {
          serviceAccountName: names.prometheus,
          automountServiceAccountToken: false,
          securityContext: restrictedPod,
          terminationGracePeriodSeconds: 600,
          containers: [container],
          volumes: [
            { name: "config", configMap: { name: names.prometheusConfig } },
            { name: "rules", configMap: { name: names.prometheusRules } },
            ...web.volumes,
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: selectorLabels("prometheus") },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(spec.prometheus.storage.storageClass && { storageClassName: spec.prometheus.storage.storageClass }),
            resources: { requests: { storage: spec.prometheus.storage.size } },
          },
        },
      ],
    },
  };
}

export function prometheusNetworkPolicy(spec: AlertingSpec) {
  const names = kubernetesNames(spec);
  return {
    metadata: meta(names.prometheus, names.namespace, labels("prometheus", imageVersion(spec.images.prometheus))),
    spec: {
      podSelector: { matchLabels: selectorLabels("prometheus") },
      policyTypes: ["Ingress"],
      ingress: spec.kubernetes.prometheusNamespaces.length > 0
        ? [{ from: fromNamespaces(spec.kubernetes.prometheusNamespaces), ports: [{ port: PORTS.prometheus, protocol: "TCP" }] }]
        : [],
    },
  };
}
