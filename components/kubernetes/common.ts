/** What both workloads share: labels and metadata, the restricted security contexts, probes, claims, web Secrets. */
import type * as k8s from "@pulumi/kubernetes";
import type { AlertingSpec } from "../../config/spec";
import { probeCommand } from "../render/web";
import { Component, KUBERNETES_NAMES } from "./names";

type ObjectMeta = k8s.types.input.meta.v1.ObjectMeta;
export type PodSpec = k8s.types.input.core.v1.PodSpec;
export type Container = k8s.types.input.core.v1.Container;

/** `nobody`: the user both upstream images run as. */
const UID = 65534;
const PART_OF = "proven-alerting";

/** Secret files: readable by the owner and the pod's fsGroup (the container's user), by no one else. */
export const SECRET_FILE_MODE = 0o440;

/** Probe timings: liveness gives a busy server a minute before a restart; readiness reacts within seconds. */
const PROBE_TIMINGS = {
  liveness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 },
  readiness: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 10 },
};

export function selectorLabels(component: Component) {
  return { "app.kubernetes.io/name": component, "app.kubernetes.io/instance": PART_OF };
}

function imageVersion(image: string): string {
  return image.includes("@")
    ? image
        .split("@")[1]
        .slice(0, 63)
        .replace(/[^\w.-]/g, "-")
    : image.slice(image.lastIndexOf(":") + 1);
}

export function labels(spec: AlertingSpec, component: Component) {
  return {
    ...selectorLabels(component),
    "app.kubernetes.io/version": imageVersion(spec.images[component]),
    "app.kubernetes.io/component": component === "alertmanager" ? "alert-router" : "monitoring",
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

/** Metadata of an object of one component in the stack's namespace. */
export function meta(spec: AlertingSpec, component: Component, name: string): ObjectMeta {
  return { name, namespace: spec.kubernetes.namespace, labels: labels(spec, component) };
}

export const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

export const restrictedPod: PodSpec["securityContext"] = {
  runAsNonRoot: true,
  runAsUser: UID,
  runAsGroup: UID,
  fsGroup: UID,
  seccompProfile: { type: "RuntimeDefault" },
};

export function antiAffinity(spec: AlertingSpec, component: Component): PodSpec["affinity"] {
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
export function probes(spec: AlertingSpec, port: number, webDir: string) {
  const check = (path: string) => (spec.web.auth ? { exec: { command: ["sh", "-c", probeCommand(spec, port, webDir, path)] } } : { httpGet: { path, port } });
  return {
    livenessProbe: { ...check("/-/healthy"), ...PROBE_TIMINGS.liveness },
    readinessProbe: { ...check("/-/ready"), ...PROBE_TIMINGS.readiness },
  };
}

/** The `data` claim each replica gets for its storage path. */
export function dataClaim(component: Component, storage: { size: string; storageClass?: string }) {
  return {
    metadata: { name: "data", labels: selectorLabels(component) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      ...(storage.storageClass && { storageClassName: storage.storageClass }),
      resources: { requests: { storage: storage.size } },
    },
  };
}

export const fromNamespaces = (namespaces: string[]) => namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }));

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

/** Alertmanager's carries the user's annotations: a workload role (SNS) is granted through them. */
export function serviceAccount(spec: AlertingSpec, component: Component) {
  const annotations = component === "alertmanager" ? spec.alertmanager.serviceAccountAnnotations : {};
  const metadata = meta(spec, component, KUBERNETES_NAMES[component]);
  return { metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata, automountServiceAccountToken: false };
}

/** Web access Secret (web config, probe credentials, TLS) of one server, without its data. */
export function webSecretMeta(spec: AlertingSpec, component: Component) {
  return { metadata: meta(spec, component, KUBERNETES_NAMES.web[component]), type: "Opaque" };
}

export function webVolume(spec: AlertingSpec, component: Component, mountPath: string) {
  if (!spec.web.auth) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name: "web", secret: { secretName: KUBERNETES_NAMES.web[component], defaultMode: SECRET_FILE_MODE } }],
    mounts: [{ name: "web", mountPath, readOnly: true }],
  };
}
