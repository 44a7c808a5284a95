/** The Alertmanager cluster's objects: config, credentials Secret, Services, StatefulSet, PDB, NetworkPolicy. */
import { posix } from "path";
import type { AlertingSpec } from "../../config/spec";
import { ALERTMANAGER_CONFIG_FILE, RenderedConfig, TEMPLATES_DIR } from "../render";
import { alertmanagerEnv, alertmanagerFlags } from "../render/flags";
import { auditEventsFile, CONTAINER_ALERTMANAGER_PATHS } from "../render/paths";
import { AUDIT_SIDECAR, AUDIT_SIDECAR_RESOURCES, auditBoundCheck, auditRotateScript, SIDECAR_SHELL } from "../render/audit";
import { PORTS } from "../../config/ports";
import {
  antiAffinity,
  Container,
  dataClaim,
  fromNamespaces,
  meta,
  probes,
  restrictedContainer,
  restrictedPod,
  SECRET_FILE_MODE,
  selectorLabels,
  webVolume,
} from "./common";
import { ingressControllerRule } from "./ingress";
import { alertmanagerExternalUrl, alertmanagerPodHosts, KUBERNETES_NAMES as N } from "./names";
import { podPlacement } from "./placement";
import { satellitesIngressRule } from "./satellites";

/** Time to finish in-flight notifications and hand the notification log to peers before SIGKILL. */
const TERMINATION_GRACE_SECONDS = 120;

const am = (spec: AlertingSpec, name: string) => meta(spec, "alertmanager", name);

/** The program's template file and the user's, keyed by file name. */
const templateFiles = (rendered: RenderedConfig) =>
  Object.fromEntries(
    Object.entries(rendered.alertmanager).flatMap(([name, text]) => (name.startsWith(TEMPLATES_DIR) ? [[name.slice(TEMPLATES_DIR.length), text]] : [])),
  );

export function alertmanagerConfigMap(spec: AlertingSpec, rendered: RenderedConfig) {
  return {
    metadata: am(spec, N.alertmanagerConfig),
    data: {
      [ALERTMANAGER_CONFIG_FILE]: rendered.alertmanager[ALERTMANAGER_CONFIG_FILE],
      ...templateFiles(rendered),
    },
  };
}

/** The Secret without its data: the component attaches the credential values as Pulumi secrets. */
export function alertmanagerCredentialsMeta(spec: AlertingSpec) {
  return { metadata: am(spec, N.alertmanagerCredentials), type: "Opaque" };
}

export function alertmanagerHeadlessService(spec: AlertingSpec) {
  return {
    metadata: am(spec, N.alertmanagerHeadless),
    spec: {
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: selectorLabels("alertmanager"),
      ports: [
        { name: "web", port: PORTS.alertmanagerWeb, targetPort: "web", protocol: "TCP" },
        { name: "mesh-tcp", port: PORTS.alertmanagerMesh, targetPort: "mesh-tcp", protocol: "TCP" },
        { name: "mesh-udp", port: PORTS.alertmanagerMesh, targetPort: "mesh-udp", protocol: "UDP" },
      ],
    },
  };
}

export function alertmanagerService(spec: AlertingSpec) {
  return {
    metadata: am(spec, N.alertmanager),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels("alertmanager"),
      ports: [{ name: "web", port: PORTS.alertmanagerWeb, targetPort: "web", protocol: "TCP" }],
    },
  };
}

export function alertmanagerArgs(spec: AlertingSpec): string[] {
  return alertmanagerFlags(spec, {
    paths: CONTAINER_ALERTMANAGER_PATHS,
    webListenAddress: `:${PORTS.alertmanagerWeb}`,
    externalUrl: alertmanagerExternalUrl(spec),
    clusterListenAddress: `[$(POD_IP)]:${PORTS.alertmanagerMesh}`,
    peers: alertmanagerPodHosts(spec).map((host) => `${host}:${PORTS.alertmanagerMesh}`),
  });
}

function alertmanagerContainer(spec: AlertingSpec): Container {
  const paths = CONTAINER_ALERTMANAGER_PATHS;
  return {
    name: "alertmanager",
    image: spec.images.alertmanager,
    args: alertmanagerArgs(spec),
    env: [
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      ...Object.entries(alertmanagerEnv(spec, paths)).map(([name, value]) => ({ name, value })),
    ],
    ports: [
      { name: "web", containerPort: PORTS.alertmanagerWeb, protocol: "TCP" },
      { name: "mesh-tcp", containerPort: PORTS.alertmanagerMesh, protocol: "TCP" },
      { name: "mesh-udp", containerPort: PORTS.alertmanagerMesh, protocol: "UDP" },
    ],
    ...probes(spec, PORTS.alertmanagerWeb, paths.webDir),
    resources: spec.alertmanager.resources,
    securityContext: restrictedContainer,
    volumeMounts: [
      { name: "config", mountPath: posix.dirname(paths.configFile), readOnly: true },
      { name: "templates", mountPath: paths.templatesDir, readOnly: true },
      { name: "credentials", mountPath: paths.secretsDir, readOnly: true },
      ...webVolume(spec, "alertmanager", paths.webDir).mounts,
      { name: "data", mountPath: paths.storageDir },
    ],
  };
}

/** The sidecar's probes: its bound checked every half minute, a restart after two minutes over it. */
const AUDIT_PROBE_TIMINGS = { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 4 };

/**
 * alerting:audit's rotation sidecar: the Alertmanager image's own shell renames the events file on
 * the shared data volume once it passes maxFileSize (components/render/audit.ts). Its probes fail
 * while the file is past its bound.
 */
export function auditSidecar(spec: AlertingSpec): Container[] {
  if (!spec.audit.enabled) return [];
  const paths = CONTAINER_ALERTMANAGER_PATHS;
  const file = auditEventsFile(paths);
  const check = { exec: { command: [SIDECAR_SHELL, "-c", auditBoundCheck(spec.audit, file)] }, ...AUDIT_PROBE_TIMINGS };
  return [
    {
      name: AUDIT_SIDECAR,
      image: spec.images.alertmanager,
      command: [SIDECAR_SHELL, "-c", auditRotateScript(spec.audit, file)],
      resources: AUDIT_SIDECAR_RESOURCES,
      securityContext: restrictedContainer,
      livenessProbe: check,
      readinessProbe: check,
      volumeMounts: [{ name: "data", mountPath: paths.storageDir }],
    },
  ];
}

export function alertmanagerStatefulSet(spec: AlertingSpec, rendered: RenderedConfig) {
  const metadata = am(spec, N.alertmanager);
  return {
    metadata,
    spec: {
      replicas: spec.alertmanager.replicas,
      serviceName: N.alertmanagerHeadless,
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selectorLabels("alertmanager") },
      template: {
        metadata: { labels: metadata.labels, annotations: { "checksum/config": rendered.alertmanagerHash } },
        spec: {
          serviceAccountName: N.alertmanager,
          automountServiceAccountToken: false,
          securityContext: restrictedPod,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          affinity: antiAffinity(spec, "alertmanager"),
          ...podPlacement(spec, "alertmanager"),
          containers: [alertmanagerContainer(spec), ...auditSidecar(spec)],
          volumes: [
            { name: "config", configMap: { name: N.alertmanagerConfig, items: [{ key: ALERTMANAGER_CONFIG_FILE, path: ALERTMANAGER_CONFIG_FILE }] } },
            {
              name: "templates",
              configMap: { name: N.alertmanagerConfig, items: Object.keys(templateFiles(rendered)).map((key) => ({ key, path: key })) },
            },
            // No subPath: kubelet then refreshes rotated credentials in place, and Alertmanager reads them at send time.
            { name: "credentials", secret: { secretName: N.alertmanagerCredentials, defaultMode: SECRET_FILE_MODE } },
            ...webVolume(spec, "alertmanager", CONTAINER_ALERTMANAGER_PATHS.webDir).volumes,
          ],
        },
      },
      volumeClaimTemplates: [dataClaim("alertmanager", spec.alertmanager.storage)],
    },
  };
}

export function alertmanagerPodDisruptionBudget(spec: AlertingSpec) {
  return { metadata: am(spec, N.alertmanager), spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels("alertmanager") } } };
}

/** The API from Prometheus, the UI namespaces and an Ingress's controller; gossip over TCP and UDP between replicas only. */
export function alertmanagerNetworkPolicy(spec: AlertingSpec) {
  return {
    metadata: am(spec, N.alertmanager),
    spec: {
      podSelector: { matchLabels: selectorLabels("alertmanager") },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels("prometheus") } }, ...fromNamespaces(spec.kubernetes.uiNamespaces)],
          ports: [{ port: PORTS.alertmanagerWeb, protocol: "TCP" }],
        },
        {
          from: [{ podSelector: { matchLabels: selectorLabels("alertmanager") } }],
          ports: [
            { port: PORTS.alertmanagerMesh, protocol: "TCP" },
            { port: PORTS.alertmanagerMesh, protocol: "UDP" },
          ],
        },
        ...ingressControllerRule(spec, "alertmanager"),
        ...satellitesIngressRule(spec),
      ],
    },
  };
}
