/** Prometheus' objects: config and rules ConfigMaps, Service, StatefulSet, NetworkPolicy. */
import { posix } from "path";
import type { AlertingSpec } from "../../config/spec";
import { PROMETHEUS_CONFIG_FILE, RenderedConfig } from "../render";
import { prometheusFlags } from "../render/flags";
import { CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
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
import { KUBERNETES_NAMES as N, prometheusExternalUrl } from "./names";
import { podPlacement } from "./placement";
import { discoveryEnabled } from "../render/discovery";
import { PROMETHEUS_REPLICA_ENV } from "../../config/prometheus-ha";
import { prometheusHasCredentials } from "../../config/satellites";

/** Time to finish the head block's write-out on shutdown; a cut-short TSDB replays its WAL on start. */
const TERMINATION_GRACE_SECONDS = 600;

const prom = (spec: AlertingSpec, name: string) => meta(spec, "prometheus", name);

export function prometheusConfigMaps(spec: AlertingSpec, rendered: RenderedConfig) {
  const rules = Object.fromEntries(
    Object.entries(rendered.prometheus)
      .filter(([file]) => file.startsWith("rules/"))
      .map(([file, text]) => [file.slice("rules/".length), text]),
  );
  return {
    config: { metadata: prom(spec, N.prometheusConfig), data: { [PROMETHEUS_CONFIG_FILE]: rendered.prometheus[PROMETHEUS_CONFIG_FILE] } },
    rules: { metadata: prom(spec, N.prometheusRules), data: rules },
  };
}

/** The scrape and remote write credentials, one key per config key; the values come from the stack's secrets. */
export function prometheusCredentialsMeta(spec: AlertingSpec) {
  return { metadata: prom(spec, N.prometheusCredentials), type: "Opaque" };
}

export function prometheusService(spec: AlertingSpec) {
  return {
    metadata: prom(spec, N.prometheus),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels("prometheus"),
      ports: [{ name: "web", port: PORTS.prometheus, targetPort: "web", protocol: "TCP" }],
    },
  };
}

/** The governing headless Service: a stable DNS name per pod, so the replicas scrape each other. */
export function prometheusPeersService(spec: AlertingSpec) {
  return {
    metadata: prom(spec, N.prometheusPeers),
    spec: {
      clusterIP: "None",
      // A replica that is not ready is exactly what the other one must see.
      publishNotReadyAddresses: true,
      selector: selectorLabels("prometheus"),
      ports: [{ name: "web", port: PORTS.prometheus, targetPort: "web", protocol: "TCP" }],
    },
  };
}

function prometheusContainer(spec: AlertingSpec): Container {
  const paths = CONTAINER_PROMETHEUS_PATHS;
  return {
    name: "prometheus",
    image: spec.images.prometheus,
    args: prometheusFlags(spec, { paths, webListenAddress: `:${PORTS.prometheus}`, externalUrl: prometheusExternalUrl(spec) }),
    // The replica label's value (prometheus.yml names it as an external label).
    env: [{ name: PROMETHEUS_REPLICA_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
    ports: [{ name: "web", containerPort: PORTS.prometheus, protocol: "TCP" }],
    ...probes(spec, PORTS.prometheus, paths.webDir),
    resources: spec.prometheus.resources,
    securityContext: restrictedContainer,
    volumeMounts: [
      { name: "config", mountPath: posix.dirname(paths.configFile), readOnly: true },
      { name: "rules", mountPath: paths.rulesDir, readOnly: true },
      ...(prometheusHasCredentials(spec) ? [{ name: "credentials", mountPath: paths.secretsDir, readOnly: true }] : []),
      ...webVolume(spec, "prometheus", paths.webDir).mounts,
      { name: "data", mountPath: paths.storageDir },
    ],
  };
}

export function prometheusStatefulSet(spec: AlertingSpec, rendered: RenderedConfig) {
  const metadata = prom(spec, N.prometheus);
  return {
    metadata,
    spec: {
      replicas: spec.prometheus.replicas,
      serviceName: N.prometheusPeers,
      // Both replicas start at once; a rolling update still replaces one at a time, so one always evaluates.
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selectorLabels("prometheus") },
      template: {
        metadata: { labels: metadata.labels, annotations: { "checksum/config": rendered.prometheusHash } },
        spec: {
          serviceAccountName: N.prometheus,
          // Discovery reads the Kubernetes API with the account's token; nothing else needs it.
          automountServiceAccountToken: discoveryEnabled(spec.prometheus.discovery),
          ...(spec.prometheus.replicas > 1 && { affinity: antiAffinity(spec, "prometheus") }),
          ...podPlacement(spec, "prometheus"),
          securityContext: restrictedPod,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          containers: [prometheusContainer(spec)],
          volumes: [
            { name: "config", configMap: { name: N.prometheusConfig } },
            { name: "rules", configMap: { name: N.prometheusRules } },
            ...(prometheusHasCredentials(spec)
              ? [{ name: "credentials", secret: { secretName: N.prometheusCredentials, defaultMode: SECRET_FILE_MODE } }]
              : []),
            ...webVolume(spec, "prometheus", CONTAINER_PROMETHEUS_PATHS.webDir).volumes,
          ],
        },
      },
      volumeClaimTemplates: [dataClaim("prometheus", spec.prometheus.storage)],
    },
  };
}

/** At most one replica down at a time, so a drain or an update never stops rule evaluation. */
export function prometheusPodDisruptionBudget(spec: AlertingSpec) {
  return { metadata: prom(spec, N.prometheus), spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels("prometheus") } } };
}

/** Closed by default: 9090 only from the namespaces listed in `kubernetes.prometheusNamespaces`, and from the other replicas. */
export function prometheusNetworkPolicy(spec: AlertingSpec) {
  const namespaces = spec.kubernetes.prometheusNamespaces;
  return {
    metadata: prom(spec, N.prometheus),
    spec: {
      podSelector: { matchLabels: selectorLabels("prometheus") },
      policyTypes: ["Ingress"],
      ingress: [
        ...(namespaces.length > 0 ? [{ from: fromNamespaces(namespaces), ports: [{ port: PORTS.prometheus, protocol: "TCP" }] }] : []),
        ...(spec.prometheus.replicas > 1
          ? [{ from: [{ podSelector: { matchLabels: selectorLabels("prometheus") } }], ports: [{ port: PORTS.prometheus, protocol: "TCP" }] }]
          : []),
        ...ingressControllerRule(spec, "prometheus"),
      ],
    },
  };
}
