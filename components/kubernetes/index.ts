/** The production stack: Alertmanager HA cluster and Prometheus wired to every replica, on Kubernetes. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "fs";
import type { AlertingSpec } from "../../config/spec";
import { renderAll } from "../render";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { webScheme } from "../render/web";
import { SatelliteClients, WebAccess, WebAccessArgs } from "../web";
import * as am from "./alertmanager";
import { namespace, serviceAccount, webSecretMeta } from "./common";
import { kubernetesTopology } from "./names";
import * as prom from "./prometheus";
import { discoveryRbac } from "./rbac";
import { uiIngress } from "./ingress";
import { alertmanagerReplicaServices, satellitesIngress } from "./satellites";
import { satelliteAccess } from "../web/satellites";
import { RECONCILER_SOURCE, renderSilences } from "../render/silences";
import * as silences from "./silences";

export interface KubernetesAlertingArgs {
  spec: AlertingSpec;
  /** Credential values by config key (Pulumi secrets). */
  secrets: Record<string, pulumi.Output<string>>;
  webSecrets: WebAccessArgs["secrets"];
  provider: k8s.Provider;
  /** The Pulumi stack's name (`pulumi.getStack()`): it marks the silences this stack made. */
  stack: string;
}

export class KubernetesAlerting extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly alertmanagerService: pulumi.Output<string>;
  readonly prometheusService: pulumi.Output<string>;
  /** Every replica's in-cluster URL, as Prometheus sends to them. */
  readonly alertmanagerUrls: string[];
  readonly alertmanagerConfigHash: string;
  /** The web password, when web access control is on (a secret output). */
  readonly webPassword?: pulumi.Output<string>;
  /** A central's replicas as its satellites reach them, and (a secret) the CA and each satellite's password. */
  readonly satelliteAccess?: ReturnType<typeof satelliteAccess>;

  constructor(name: string, args: KubernetesAlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    // Args stay out of the engine: they hold the credential Outputs.
    super("proven-alerting:kubernetes:AlertingStack", name, {}, { ...opts, providers: [args.provider] });
    const { spec, secrets } = args;
    const rendered = renderAll(spec, kubernetesTopology(spec));
    const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({ parent: this, dependsOn });

    const ns = spec.kubernetes.createNamespace ? new k8s.core.v1.Namespace(`${name}-namespace`, namespace(spec), child()) : undefined;
    const inNs = ns ? [ns] : [];

    const amAccount = new k8s.core.v1.ServiceAccount(`${name}-alertmanager-sa`, serviceAccount(spec, "alertmanager"), child(inNs));
    const amConfig = new k8s.core.v1.ConfigMap(`${name}-alertmanager-config`, am.alertmanagerConfigMap(spec, rendered), child(inNs));
    const amCredentials = new k8s.core.v1.Secret(
      `${name}-alertmanager-credentials`,
      { ...am.alertmanagerCredentialsMeta(spec), stringData: pulumi.secret(pulumi.all(pick(secrets, spec.credentials))) },
      child(inNs),
    );
    const webSecrets: pulumi.Resource[] = [];
    const satellites = spec.satellites && new SatelliteClients(`${name}-satellites`, { clients: spec.satellites.clients, secrets }, { parent: this });
    if (spec.web.auth) {
      const web = new WebAccess(`${name}-web`, { web: spec.web, secrets: args.webSecrets }, { parent: this });
      this.webPassword = web.password;
      for (const [component, paths] of [
        ["alertmanager", CONTAINER_ALERTMANAGER_PATHS],
        ["prometheus", CONTAINER_PROMETHEUS_PATHS],
      ] as const) {
        webSecrets.push(
          new k8s.core.v1.Secret(
            `${name}-${component}-web`,
            { ...webSecretMeta(spec, component), stringData: web.filesFor(paths.webDir, component === "alertmanager" ? satellites?.hashes : undefined) },
            child(inNs),
          ),
        );
      }
    }
    const amHeadless = new k8s.core.v1.Service(`${name}-alertmanager-cluster`, am.alertmanagerHeadlessService(spec), child(inNs));
    const amService = new k8s.core.v1.Service(`${name}-alertmanager`, am.alertmanagerService(spec), child(inNs));
    const amStatefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-alertmanager`,
      am.alertmanagerStatefulSet(spec, rendered),
      child([amAccount, amConfig, amCredentials, amHeadless, ...webSecrets]),
    );
    new k8s.policy.v1.PodDisruptionBudget(`${name}-alertmanager-pdb`, am.alertmanagerPodDisruptionBudget(spec), child(inNs));
    new k8s.networking.v1.NetworkPolicy(`${name}-alertmanager-netpol`, am.alertmanagerNetworkPolicy(spec), child(inNs));
    this.reconcileSilences(name, spec, args.stack, child, [...inNs, ...webSecrets], amStatefulSet);

    const promAccount = new k8s.core.v1.ServiceAccount(`${name}-prometheus-sa`, serviceAccount(spec, "prometheus"), child(inNs));
    const promMaps = prom.prometheusConfigMaps(spec, rendered);
    const promConfig = new k8s.core.v1.ConfigMap(`${name}-prometheus-config`, promMaps.config, child(inNs));
    const promRules = new k8s.core.v1.ConfigMap(`${name}-prometheus-rules`, promMaps.rules, child(inNs));
    const promService = new k8s.core.v1.Service(`${name}-prometheus`, prom.prometheusService(spec), child(inNs));
    const promPeers = new k8s.core.v1.Service(`${name}-prometheus-peers`, prom.prometheusPeersService(spec), child(inNs));
    const promCredentials =
      spec.scrapeCredentials.length > 0
        ? [
            new k8s.core.v1.Secret(
              `${name}-prometheus-credentials`,
              { ...prom.prometheusCredentialsMeta(spec), stringData: pulumi.secret(pulumi.all(pick(secrets, spec.scrapeCredentials))) },
              child(inNs),
            ),
          ]
        : [];
    const discovery = this.discoveryAccess(name, spec, child([promAccount]));
    new k8s.apps.v1.StatefulSet(
      `${name}-prometheus`,
      prom.prometheusStatefulSet(spec, rendered),
      child([promAccount, promConfig, promRules, promService, promPeers, ...promCredentials, ...discovery, ...webSecrets]),
    );
    if (spec.prometheus.replicas > 1) {
      new k8s.policy.v1.PodDisruptionBudget(`${name}-prometheus-pdb`, prom.prometheusPodDisruptionBudget(spec), child(inNs));
    }
    new k8s.networking.v1.NetworkPolicy(`${name}-prometheus-netpol`, prom.prometheusNetworkPolicy(spec), child(inNs));
    const uiServices = { alertmanager: amService, prometheus: promService };
    for (const component of ["alertmanager", "prometheus"] as const) {
      const ingress = uiIngress(spec, component);
      if (ingress) new k8s.networking.v1.Ingress(`${name}-${component}-ingress`, ingress, child([uiServices[component]]));
    }
    const replicaServices = alertmanagerReplicaServices(spec).map((service, i) => new k8s.core.v1.Service(`${name}-alertmanager-${i}`, service, child(inNs)));
    const toSatellites = satellitesIngress(spec);
    if (toSatellites) new k8s.networking.v1.Ingress(`${name}-alertmanager-satellites`, toSatellites, child(replicaServices));
    if (satellites) this.satelliteAccess = satelliteAccess(spec, satellites.passwords, secrets);

    this.namespace = pulumi.output(spec.kubernetes.namespace);
    this.alertmanagerService = amService.metadata.name;
    this.prometheusService = promService.metadata.name;
    this.alertmanagerUrls = kubernetesTopology(spec).alertmanagerAddresses.map((address) => `${webScheme(spec.web)}://${address}`);
    this.alertmanagerConfigHash = rendered.alertmanagerHash;
    this.registerOutputs({
      namespace: this.namespace,
      alertmanagerService: this.alertmanagerService,
      prometheusService: this.prometheusService,
      alertmanagerUrls: this.alertmanagerUrls,
      alertmanagerConfigHash: this.alertmanagerConfigHash,
      webPassword: this.webPassword,
      satelliteAccess: this.satelliteAccess?.access,
    });
  }

  /**
   * The silences reconciler: a Job per change, after the Alertmanager StatefulSet is ready. It
   * always exists: with no silence declared it still expires the ones this stack made.
   */
  private reconcileSilences(
    name: string,
    spec: AlertingSpec,
    stack: string,
    child: (dependsOn?: pulumi.Resource[]) => pulumi.CustomResourceOptions,
    before: pulumi.Resource[],
    alertmanager: pulumi.Resource,
  ): void {
    const files = { script: readFileSync(RECONCILER_SOURCE, "utf8"), silences: renderSilences(spec, stack) };
    const account = new k8s.core.v1.ServiceAccount(`${name}-silences-sa`, silences.silencesServiceAccount(spec), child(before));
    const config = new k8s.core.v1.ConfigMap(`${name}-silences-config`, silences.silencesConfigMap(spec, files), child(before));
    const access = new k8s.networking.v1.NetworkPolicy(`${name}-silences-netpol`, silences.silencesNetworkPolicy(spec), child(before));
    new k8s.batch.v1.Job(`${name}-silences`, silences.silencesJob(spec, files), child([...before, account, config, access, alertmanager]));
  }

  /** The discovery Roles and RoleBindings (or the cluster-wide pair), none when discovery is off. */
  private discoveryAccess(name: string, spec: AlertingSpec, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    const rbac = discoveryRbac(spec);
    const key = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? "cluster";
    const roles = rbac.roles.map((role) =>
      rbac.clusterWide
        ? new k8s.rbac.v1.ClusterRole(`${name}-prometheus-discovery`, role, opts)
        : new k8s.rbac.v1.Role(`${name}-prometheus-discovery-${key(role)}`, role, opts),
    );
    const bindings = rbac.bindings.map((binding) =>
      rbac.clusterWide
        ? new k8s.rbac.v1.ClusterRoleBinding(`${name}-prometheus-discovery`, binding, { ...opts, dependsOn: roles })
        : new k8s.rbac.v1.RoleBinding(`${name}-prometheus-discovery-${key(binding)}`, binding, { ...opts, dependsOn: roles }),
    );
    return [...roles, ...bindings];
  }
}

/** The secret values of the credentials one component reads. */
function pick(secrets: Record<string, pulumi.Output<string>>, credentials: { key: string }[]): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(credentials.filter((c) => c.key in secrets).map((c) => [c.key, secrets[c.key]]));
}
