/**
 * Both roles on the local target, so the whole topology runs on one laptop (docs/multi-cluster.md,
 * "Both roles on one laptop"). Containers of different stacks meet on a shared docker network,
 * never through published host ports: the central's network (its `local.namePrefix`) gives each
 * Alertmanager replica the alias `am-<i>.<host>`, the name its TLS certificate covers and a
 * Kubernetes central serves it under too; a satellite's Prometheus joins that network
 * (`local.centralNetwork`) and sends to every replica on Alertmanager's own port.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { replicaHost, withCentralResolved } from "../../config/satellites";
import type { AlertingSpec } from "../../config/spec";
import { RenderedConfig, renderAll } from "../render";
import { CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { scrapeCredentialFile } from "../render/prometheus";
import { centralAccess } from "../web/satellites";
import { WebAccess, WebAccessArgs } from "../web";
import * as c from "./containers";

/** The names replica `i` of a local central answers to on its network: its container name, and `am-<i>.<host>` for satellites. */
export function alertmanagerAliases(spec: AlertingSpec, i: number): string[] {
  const own = c.localNames(spec).alertmanager(i);
  return spec.satellites ? [own, replicaHost(spec.satellites.host, i)] : [own];
}

/** A local satellite's Prometheus container: the local one, on its own network and the central's. */
export function satellitePrometheusContainer(spec: AlertingSpec, rendered: RenderedConfig) {
  const names = c.localNames(spec);
  const base = c.prometheusContainer(spec, rendered, names.network);
  return { ...base, networksAdvanced: [...base.networksAdvanced, { name: spec.local.centralNetwork!, aliases: [names.prometheus] }] };
}

export interface LocalSatelliteArgs {
  spec: AlertingSpec;
  /** Credential values by config key (Pulumi secrets): scrape, remote write and the central's. */
  secrets: Record<string, pulumi.Output<string>>;
  webSecrets: WebAccessArgs["secrets"];
  provider: docker.Provider;
}

/** A satellite on the local target: its Prometheus only, sending to the local central's replicas over the central's network. */
export class LocalSatellite extends pulumi.ComponentResource {
  readonly prometheusUrl: string;
  /** The central's replicas this satellite sends to. */
  readonly alertmanagerUrls: pulumi.Output<string[]>;
  readonly containerNames: pulumi.Output<string[]>;
  /** The web password, when web access control is on (a secret output). */
  readonly webPassword?: pulumi.Output<string>;

  constructor(name: string, args: LocalSatelliteArgs, opts?: pulumi.ComponentResourceOptions) {
    // Args stay out of the engine: they hold the credential Outputs.
    super("proven-alerting:local:SatelliteStack", name, {}, { ...opts, providers: [args.provider] });
    const { spec, secrets } = args;
    const names = c.localNames(spec);
    const central = centralAccess(name, spec, this);
    const rendered = pulumi
      .all([central.alertmanagers, central.exportsCa])
      .apply(([urls, ca]) => renderAll(withCentralResolved(spec, urls, ca), c.localTopology(spec)));
    // Fixed container names: a replacement must remove the old container first.
    const fixedName = { parent: this, deleteBeforeReplace: true };
    const network = new docker.Network(`${name}-network`, { name: names.network, driver: "bridge" }, fixedName);
    const image = new docker.RemoteImage(`${name}-prometheus-image`, { name: spec.images.prometheus, keepLocally: true }, { parent: this });
    const data = new docker.Volume(`${name}-prometheus-data`, { name: names.prometheusData }, fixedName);
    const web = spec.web.auth ? new WebAccess(`${name}-web`, { web: spec.web, secrets: args.webSecrets }, { parent: this }) : undefined;
    this.webPassword = web?.password;

    // The container's shape does not depend on the rendered files (only its uploads and config-hash label do): it is built
    // once with none, so that the central's URLs, known only once a StackReference resolves, stay out of it.
    const shape = satellitePrometheusContainer(spec, { alertmanager: {}, prometheus: {}, alertmanagerHash: "", prometheusHash: "" });
    const file = (key: string, content: pulumi.Input<string>) => ({
      file: scrapeCredentialFile(CONTAINER_PROMETHEUS_PATHS, key),
      content,
      permissions: c.UPLOAD_PERMISSIONS,
    });
    const own = spec.scrapeCredentials.filter((cred) => cred.key in secrets).map((cred) => file(cred.key, secrets[cred.key]));
    const fromCentral = central.stackFiles.apply((files) => Object.entries(files).map(([key, content]) => file(key, content)));
    const webFiles = web ? web.filesFor(CONTAINER_PROMETHEUS_PATHS.webDir).apply((files) => c.uploads(CONTAINER_PROMETHEUS_PATHS.webDir, files)) : [];
    const prometheus = new docker.Container(
      `${name}-prometheus`,
      {
        ...shape,
        uploads: pulumi
          .all([rendered, own, fromCentral, webFiles])
          .apply(([r, o, s, w]) => [...satellitePrometheusContainer(spec, r).uploads, ...o, ...s, ...w]),
        labels: rendered.apply((r) => satellitePrometheusContainer(spec, r).labels),
      },
      { ...fixedName, dependsOn: [network, image, data] },
    );

    this.prometheusUrl = c.localUrls(spec).prometheus;
    this.alertmanagerUrls = central.alertmanagers;
    this.containerNames = pulumi.all([prometheus.name]);
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrls: this.alertmanagerUrls,
      containerNames: this.containerNames,
      webPassword: this.webPassword,
    });
  }
}
