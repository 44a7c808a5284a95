/**
 * Many clusters, one alerting, on Kubernetes. A central exposes each Alertmanager replica on a
 * host of its own (`am-<i>.<host>`, one Service per pod) behind a TLS Ingress: Prometheus must send
 * every alert to every replica, never through a load-balanced Service. A satellite runs Prometheus
 * only, sending to the central's replicas with the central's credentials as files.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PORTS } from "../../config/ports";
import { replicaHost, withCentralResolved } from "../../config/satellites";
import type { AlertingSpec } from "../../config/spec";
import { RenderedConfig, renderAll } from "../render";
import { CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { WebAccess, WebAccessArgs } from "../web";
import { centralAccess } from "../web/satellites";
import { fromNamespaces, meta, namespace, selectorLabels, serviceAccount, webSecretMeta } from "./common";
import { kubernetesTopology, KUBERNETES_NAMES as N } from "./names";
import * as prom from "./prometheus";
import { discoveryRbac } from "./rbac";

type NetworkPolicyIngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;

/** The label the StatefulSet controller puts on each pod: a Service per replica selects one pod by it. */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
/** The satellites' Ingress. */
export const SATELLITES_INGRESS = "alertmanager-satellites";

/** Service of replica `i` (its pod's name too). */
export const replicaServiceName = (i: number): string => `${N.alertmanager}-${i}`;

/** One ClusterIP Service per Alertmanager replica, selecting that pod only: the Ingress routes each host to one replica. */
export function alertmanagerReplicaServices(spec: AlertingSpec) {
  if (!spec.satellites) return [];
  return Array.from({ length: spec.alertmanager.replicas }, (_, i) => ({
    metadata: meta(spec, "alertmanager", replicaServiceName(i)),
    spec: {
      type: "ClusterIP",
      selector: { ...selectorLabels("alertmanager"), [POD_NAME_LABEL]: replicaServiceName(i) },
      ports: [{ name: "web", port: PORTS.alertmanagerWeb, targetPort: "web", protocol: "TCP" }],
    },
  }));
}

/** The Ingress satellites send through: TLS for every replica's host, each host to its replica's Service. */
export function satellitesIngress(spec: AlertingSpec) {
  const s = spec.satellites;
  if (!s) return undefined;
  const hosts = Array.from({ length: spec.alertmanager.replicas }, (_, i) => replicaHost(s.host, i));
  const metadata = meta(spec, "alertmanager", SATELLITES_INGRESS);
  return {
    metadata: Object.keys(s.annotations).length > 0 ? { ...metadata, annotations: s.annotations } : metadata,
    spec: {
      ...(s.className && { ingressClassName: s.className }),
      tls: [{ hosts, secretName: s.tlsSecretName }],
      rules: hosts.map((host, i) => ({
        host,
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: replicaServiceName(i), port: { name: "web" } } } }] },
      })),
    },
  };
}

/** The ingress controller's namespace on Alertmanager's web port, on a central only. */
export function satellitesIngressRule(spec: AlertingSpec): NetworkPolicyIngressRule[] {
  if (!spec.satellites) return [];
  return [{ from: fromNamespaces([spec.satellites.controllerNamespace]), ports: [{ port: PORTS.alertmanagerWeb, protocol: "TCP" }] }];
}

export interface SatelliteAlertingArgs {
  spec: AlertingSpec;
  /** Credential values by config key (Pulumi secrets): Prometheus' scrape and remote write ones, the central's. */
  secrets: Record<string, pulumi.Output<string>>;
  webSecrets: WebAccessArgs["secrets"];
  provider: k8s.Provider;
}

/** A satellite: Prometheus (the HA pair, rules, discovery, remote write) sending to the central's replicas; no Alertmanager. */
export class SatelliteAlerting extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly prometheusService: pulumi.Output<string>;
  /** The central's replicas this satellite sends to. */
  readonly alertmanagerUrls: pulumi.Output<string[]>;
  /** The web password, when web access control is on (a secret output). */
  readonly webPassword?: pulumi.Output<string>;

  constructor(name: string, args: SatelliteAlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    // Args stay out of the engine: they hold the credential Outputs.
    super("proven-alerting:kubernetes:SatelliteStack", name, {}, { ...opts, providers: [args.provider] });
    const { spec, secrets } = args;
    const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({ parent: this, dependsOn });
    const central = centralAccess(name, spec, this);
    const rendered: pulumi.Output<RenderedConfig> = pulumi
      .all([central.alertmanagers, central.exportsCa])
      .apply(([urls, ca]) => renderAll(withCentralResolved(spec, urls, ca), kubernetesTopology(spec)));

    const ns = spec.kubernetes.createNamespace ? new k8s.core.v1.Namespace(`${name}-namespace`, namespace(spec), child()) : undefined;
    const inNs = ns ? [ns] : [];
    const account = new k8s.core.v1.ServiceAccount(`${name}-prometheus-sa`, serviceAccount(spec, "prometheus"), child(inNs));
    const maps = rendered.apply((r) => prom.prometheusConfigMaps(spec, r));
    const config = new k8s.core.v1.ConfigMap(`${name}-prometheus-config`, { metadata: maps.config.metadata, data: maps.config.data }, child(inNs));
    const rules = new k8s.core.v1.ConfigMap(`${name}-prometheus-rules`, { metadata: maps.rules.metadata, data: maps.rules.data }, child(inNs));
    const service = new k8s.core.v1.Service(`${name}-prometheus`, prom.prometheusService(spec), child(inNs));
    const peers = new k8s.core.v1.Service(`${name}-prometheus-peers`, prom.prometheusPeersService(spec), child(inNs));
    const own = Object.fromEntries(spec.scrapeCredentials.filter((c) => c.key in secrets).map((c) => [c.key, secrets[c.key]]));
    const credentials = new k8s.core.v1.Secret(
      `${name}-prometheus-credentials`,
      {
        ...prom.prometheusCredentialsMeta(spec),
        stringData: pulumi.secret(pulumi.all([pulumi.all(own), central.stackFiles]).apply(([o, s]) => ({ ...o, ...s }))),
      },
      child(inNs),
    );
    const webSecrets: pulumi.Resource[] = [];
    if (spec.web.auth) {
      const web = new WebAccess(`${name}-web`, { web: spec.web, secrets: args.webSecrets }, { parent: this });
      this.webPassword = web.password;
      webSecrets.push(
        new k8s.core.v1.Secret(
          `${name}-prometheus-web`,
          { ...webSecretMeta(spec, "prometheus"), stringData: web.filesFor(CONTAINER_PROMETHEUS_PATHS.webDir) },
          child(inNs),
        ),
      );
    }
    const rbac = discoveryRbac(spec);
    const scope = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? "cluster";
    const roles = rbac.roles.map((role) =>
      rbac.clusterWide
        ? new k8s.rbac.v1.ClusterRole(`${name}-prometheus-discovery`, role, child([account]))
        : new k8s.rbac.v1.Role(`${name}-prometheus-discovery-${scope(role)}`, role, child([account])),
    );
    const bindings = rbac.bindings.map((binding) =>
      rbac.clusterWide
        ? new k8s.rbac.v1.ClusterRoleBinding(`${name}-prometheus-discovery`, binding, child([account, ...roles]))
        : new k8s.rbac.v1.RoleBinding(`${name}-prometheus-discovery-${scope(binding)}`, binding, child([account, ...roles])),
    );
    const statefulSet = rendered.apply((r) => prom.prometheusStatefulSet(spec, r));
    new k8s.apps.v1.StatefulSet(
      `${name}-prometheus`,
      { metadata: statefulSet.metadata, spec: statefulSet.spec },
      child([account, config, rules, service, peers, credentials, ...roles, ...bindings, ...webSecrets]),
    );
    if (spec.prometheus.replicas > 1) {
      new k8s.policy.v1.PodDisruptionBudget(`${name}-prometheus-pdb`, prom.prometheusPodDisruptionBudget(spec), child(inNs));
    }
    new k8s.networking.v1.NetworkPolicy(`${name}-prometheus-netpol`, prom.prometheusNetworkPolicy(spec), child(inNs));

    this.namespace = pulumi.output(spec.kubernetes.namespace);
    this.prometheusService = service.metadata.name;
    this.alertmanagerUrls = central.alertmanagers;
    this.registerOutputs({
      namespace: this.namespace,
      prometheusService: this.prometheusService,
      alertmanagerUrls: this.alertmanagerUrls,
      webPassword: this.webPassword,
    });
  }
}
