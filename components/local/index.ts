/** The local stack: what a docker-compose file would run, provisioned with @pulumi/docker. */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "fs";
import * as path from "path";
import type { AlertingSpec } from "../../config/spec";
import { renderAll } from "../render";
import { captureCredentialValue } from "../render/capture";
import { credentialFile, CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { scrapeCredentialFile } from "../render/prometheus";
import { SatelliteClients, WebAccess, WebAccessArgs } from "../web";
import { satelliteAccess } from "../web/satellites";
import { alertmanagerAliases } from "./satellites";
import type { SatelliteAccess } from "../../config/satellites";
import * as c from "./containers";
import { RECONCILER_SOURCE, renderSilences } from "../render/silences";
import { localSilences } from "./silences";

export interface LocalAlertingArgs {
  spec: AlertingSpec;
  /** Credential values by config key (Pulumi secrets). */
  secrets: Record<string, pulumi.Output<string>>;
  webSecrets: WebAccessArgs["secrets"];
  provider: docker.Provider;
  /** The Pulumi stack's name (`pulumi.getStack()`): it marks the silences this stack made. */
  stack: string;
}

const CAPTURE_SOURCE = path.join(__dirname, "..", "..", "capture", "http-capture.js");

export class LocalAlerting extends pulumi.ComponentResource {
  readonly prometheusUrl: string;
  readonly alertmanagerUrls: string[];
  readonly captureUrl?: string;
  readonly containerNames: pulumi.Output<string[]>;
  readonly alertmanagerConfigHash: string;
  /** The web password, when web access control is on (a secret output). */
  readonly webPassword?: pulumi.Output<string>;
  /** A local central's replicas as its satellites reach them, and (a secret) the CA and each satellite's password. */
  readonly satelliteAccess?: { alertmanagers: string[]; access: pulumi.Output<SatelliteAccess> };

  constructor(name: string, args: LocalAlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    // Args stay out of the engine: they hold the credential Outputs.
    super("proven-alerting:local:AlertingStack", name, {}, { ...opts, providers: [args.provider] });
    const { spec, secrets } = args;
    const names = c.localNames(spec);
    const topology = c.localTopology(spec);
    const rendered = renderAll(spec, topology);
    // Fixed container names: a replacement must remove the old container first.
    const fixedName = { parent: this, deleteBeforeReplace: true };
    const onNetwork = (...deps: pulumi.Resource[]) => ({ ...fixedName, dependsOn: [network, ...deps] });

    const network = new docker.Network(`${name}-network`, { name: names.network, driver: "bridge" }, fixedName);
    // Pulled once and kept; containers name the pinned reference so reviewers and policies see the tag.
    const image = (role: string, ref: string) => new docker.RemoteImage(`${name}-${role}-image`, { name: ref, keepLocally: true }, { parent: this });
    const prometheusImage = image("prometheus", spec.images.prometheus);
    const alertmanagerImage = image("alertmanager", spec.images.alertmanager);

    // The official node image: the capture stand-in and the silences reconciler run on it.
    const captureImage = image("capture", spec.images.capture);
    const containers: docker.Container[] = [];
    let capture: docker.Container | undefined;
    if (spec.capture) {
      capture = new docker.Container(`${name}-capture`, c.captureContainer(spec, readFileSync(CAPTURE_SOURCE, "utf8"), names.network), onNetwork(captureImage));
      containers.push(capture);
    }

    const web = spec.web.auth ? new WebAccess(`${name}-web`, { web: spec.web, secrets: args.webSecrets }, { parent: this }) : undefined;
    this.webPassword = web?.password;
    // A central's satellites are more users of Alertmanager's web config (components/local/satellites.ts).
    const satelliteClients = spec.satellites && new SatelliteClients(`${name}-satellites`, { clients: spec.satellites.clients, secrets }, { parent: this });
    const webUploads = (webDir: string, users?: pulumi.Output<Record<string, string>>) =>
      web ? web.filesFor(webDir, users).apply((files) => c.uploads(webDir, files)) : pulumi.output([]);

    const prometheusData = new docker.Volume(`${name}-prometheus-data`, { name: names.prometheusData }, fixedName);
    const prometheusArgs = c.prometheusContainer(spec, rendered, names.network);
    const scrapeCredentialUploads = spec.scrapeCredentials.map((credential) => ({
      file: scrapeCredentialFile(CONTAINER_PROMETHEUS_PATHS, credential.key),
      content: secrets[credential.key],
      permissions: c.UPLOAD_PERMISSIONS,
    }));
    const prometheus = new docker.Container(
      `${name}-prometheus`,
      {
        ...prometheusArgs,
        uploads: pulumi
          .all([scrapeCredentialUploads, webUploads(CONTAINER_PROMETHEUS_PATHS.webDir)])
          .apply(([creds, w]) => [...prometheusArgs.uploads, ...creds, ...w]),
      },
      onNetwork(prometheusImage, prometheusData),
    );
    containers.push(prometheus);

    const credentialUploads = spec.credentials.map((credential) => ({
      file: credentialFile(CONTAINER_ALERTMANAGER_PATHS, credential.key),
      content: credential.source === "secret" ? secrets[credential.key] : pulumi.output(captureCredentialValue(topology.captureBaseUrl!, credential)),
      permissions: c.UPLOAD_PERMISSIONS,
    }));

    const alertmanagers: docker.Container[] = [];
    for (let i = 0; i < spec.alertmanager.replicas; i++) {
      const data = new docker.Volume(`${name}-alertmanager-data-${i}`, { name: names.alertmanagerData(i) }, fixedName);
      const container = c.alertmanagerContainer(spec, rendered, names.network, i);
      // Compose's `depends_on: service_healthy`: Prometheus was created with wait: true, so it is healthy by now.
      alertmanagers.push(
        new docker.Container(
          `${name}-alertmanager-${i}`,
          {
            ...container,
            networksAdvanced: [{ name: names.network, aliases: alertmanagerAliases(spec, i) }],
            uploads: pulumi
              .all([credentialUploads, webUploads(CONTAINER_ALERTMANAGER_PATHS.webDir, satelliteClients?.hashes)])
              .apply(([creds, w]) => [...container.uploads, ...creds, ...w]),
          },
          onNetwork(alertmanagerImage, prometheus, data, ...(capture ? [capture] : [])),
        ),
      );
    }
    containers.push(...alertmanagers);
    // alerting:audit: each replica's rotation sidecar, on its data volume, once the replica has made its events file.
    if (spec.audit.enabled)
      containers.push(
        ...alertmanagers.map(
          (alertmanager, i) =>
            new docker.Container(
              `${name}-alertmanager-audit-${i}`,
              c.auditSidecarContainer(spec, names.network, i),
              onNetwork(alertmanagerImage, alertmanager),
            ),
        ),
      );
    // Runs once per change, after replica 0 is healthy; with no silence declared it still expires the ones this stack made.
    const silences = localSilences(
      `${name}-silences`,
      {
        spec,
        files: { script: readFileSync(RECONCILER_SOURCE, "utf8"), silences: renderSilences(spec, args.stack) },
        network: names.network,
        web,
        dependsOn: [network, captureImage, alertmanagers[0]],
      },
      fixedName,
    );

    const urls = c.localUrls(spec);
    this.prometheusUrl = urls.prometheus;
    this.alertmanagerUrls = urls.alertmanagers;
    this.captureUrl = urls.capture;
    this.containerNames = pulumi.all(containers.map((container) => container.name));
    this.alertmanagerConfigHash = rendered.alertmanagerHash;
    if (spec.satellites && satelliteClients)
      this.satelliteAccess = { alertmanagers: spec.satellites.alertmanagers, access: satelliteAccess(spec, satelliteClients.passwords, secrets).access };
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrls: this.alertmanagerUrls,
      captureUrl: this.captureUrl,
      containerNames: this.containerNames,
      alertmanagerConfigHash: this.alertmanagerConfigHash,
      webPassword: this.webPassword,
      silencesExitCode: silences.checkedRun,
    });
  }
}
