/**
 * `pulumi up --stack dev` (local docker) or `--stack prod` (Kubernetes): reads and validates
 * the whole configuration first, so a bad value stops the run before any resource exists.
 */
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { readAlertingConfig } from "./config/read";
import { KubernetesAlerting } from "./components/kubernetes";
import { LocalAlerting } from "./components/local";
import { LocalSatellite } from "./components/local/satellites";
import { SatelliteAlerting } from "./components/kubernetes/satellites";
import { assertTemplateCallsDefined } from "./components/render/template-calls";

const { spec, secrets, webSecrets } = readAlertingConfig();
// Checked here as well as when rendering, so that a call to an undefined template stops the run before any resource exists.
assertTemplateCallsDefined(spec);
for (const warning of spec.warnings) pulumi.log.warn(warning);

const kubernetesProvider = () =>
  new k8s.Provider("kubernetes", {
    ...(spec.kubernetes.context && { context: spec.kubernetes.context }),
    ...(spec.kubernetes.kubeconfig && { kubeconfig: spec.kubernetes.kubeconfig }),
  });

const kubernetesStack =
  spec.target === "kubernetes" && spec.role !== "satellite"
    ? new KubernetesAlerting("alerting", {
        spec,
        secrets,
        webSecrets,
        stack: pulumi.getStack(),
        provider: kubernetesProvider(),
      })
    : undefined;

/** A satellite on Kubernetes: Prometheus only, sending to the central's Alertmanager cluster (docs/multi-cluster.md). */
const satelliteStack =
  spec.target === "kubernetes" && spec.role === "satellite"
    ? new SatelliteAlerting("alerting", { spec, secrets, webSecrets, provider: kubernetesProvider() })
    : undefined;

const localStack =
  spec.target === "local" && spec.role !== "satellite"
    ? new LocalAlerting("alerting", { spec, secrets, webSecrets, stack: pulumi.getStack(), provider: new docker.Provider("docker", {}) })
    : undefined;

/** A satellite on the local target: its Prometheus joins the local central's docker network (docs/multi-cluster.md). */
const localSatellite =
  spec.target === "local" && spec.role === "satellite"
    ? new LocalSatellite("alerting", { spec, secrets, webSecrets, provider: new docker.Provider("docker", {}) })
    : undefined;

const stack = (kubernetesStack ?? satelliteStack ?? localStack ?? localSatellite)!;

export const target = spec.target;
/** What works but leaves a gap, e.g. no dead man's switch; `npm run render` prints these too. */
export const warnings = spec.warnings;
export const alertmanagerUrls = stack.alertmanagerUrls;
export const alertmanagerConfigHash = (kubernetesStack ?? localStack)?.alertmanagerConfigHash;
export const namespace = (kubernetesStack ?? satelliteStack)?.namespace;
export const alertmanagerService = kubernetesStack?.alertmanagerService;
export const prometheusService = (kubernetesStack ?? satelliteStack)?.prometheusService;
export const prometheusUrl = (localStack ?? localSatellite)?.prometheusUrl;
export const captureUrl = localStack?.captureUrl;
export const containerNames = (localStack ?? localSatellite)?.containerNames;
/** `pulumi stack output --show-secrets webPassword` (user name: alerting:web.username). */
export const webPassword = stack.webPassword;
/** The `cluster` label every alert of this stack carries. */
export const cluster = spec.cluster;
/** A central's replicas as satellites send to them (`am-<i>.<host>`): what a satellite's StackReference reads. */
export const satelliteAlertmanagers = (kubernetesStack ?? localStack)?.satelliteAccess?.alertmanagers;
/** A central's CA and each satellite's password, a secret: `pulumi stack output --show-secrets satelliteAccess`. */
export const satelliteAccess = (kubernetesStack ?? localStack)?.satelliteAccess?.access;
