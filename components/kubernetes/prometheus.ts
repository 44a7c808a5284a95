/** Prometheus' objects: config and rules ConfigMaps, Service, StatefulSet, NetworkPolicy. */
import { posix } from "path";
import type { AlertingSpec } from "../../config/spec";
import { PROMETHEUS_CONFIG_FILE, RenderedConfig } from "../render";
import { prometheusFlags } from "../render/flags";
import { CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { PORTS } from "../../config/ports";
import { Container, dataClaim, fromNamespaces, meta, probes, restrictedContainer, restrictedPod, SECRET_FILE_MODE, selectorLabels, webVolume } from "./common";
import { KUBERNETES_NAMES as N, prometheusExternalUrl } from "./names";
import { discoveryEnabled } from "../render/discovery";

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

/** The scrape credentials, one key per config key; the values come from the stack's secrets. */
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

function prometheusContainer(spec: AlertingSpec): Container {
  const paths = CONTAINER_PROMETHEUS_PATHS;
  return {
    name: "prometheus",
    image: spec.images.prometheus,
    args: prometheusFlags(spec, { paths, webListenAddress: `:${PORTS.prometheus}`, externalUrl: prometheusExternalUrl(spec) }),
    ports: [{ name: "web", containerPort: PORTS.prometheus, protocol: "TCP" }],
    ...probes(spec, PORTS.prometheus, paths.webDir),
    resources: spec.prometheus.resources,
    securityContext: restrictedContainer,
    volumeMounts: [
      { name: "config", mountPath: posix.dirname(paths.configFile), readOnly: true },
      { name: "rules", mountPath: paths.rulesDir, readOnly: true },
      ...(spec.scrapeCredentials.length > 0 ? [{ name: "credentials", mountPath: paths.secretsDir, readOnly: true }] : []),
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
      replicas: 1,
      serviceName: N.prometheus,
      selector: { matchLabels: selectorLabels("prometheus") },
      template: {
        metadata: { labels: metadata.labels, annotations: { "checksum/config": rendered.prometheusHash } },
        spec: {
          serviceAccountName: N.prometheus,
          // Discovery reads the Kubernetes API with the account's token; nothing else needs it.
          automountServiceAccountToken: discoveryEnabled(spec.prometheus.discovery),
          securityContext: restrictedPod,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          containers: [prometheusContainer(spec)],
          volumes: [
            { name: "config", configMap: { name: N.prometheusConfig } },
            { name: "rules", configMap: { name: N.prometheusRules } },
            ...(spec.scrapeCredentials.length > 0
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

/** Closed by default: 9090 only from the namespaces listed in `kubernetes.prometheusNamespaces`. */
export function prometheusNetworkPolicy(spec: AlertingSpec) {
  const namespaces = spec.kubernetes.prometheusNamespaces;
  return {
    metadata: prom(spec, N.prometheus),
    spec: {
      podSelector: { matchLabels: selectorLabels("prometheus") },
      policyTypes: ["Ingress"],
      ingress: namespaces.length > 0 ? [{ from: fromNamespaces(namespaces), ports: [{ port: PORTS.prometheus, protocol: "TCP" }] }] : [],
    },
  };
}
