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
import { assertTemplateCallsDefined } from "./components/render/template-calls";

const { spec, secrets, webSecrets } = readAlertingConfig();
// Checked here as well as when rendering, so that a call to an undefined template stops the run before any resource exists.
assertTemplateCallsDefined(spec);
for (const warning of spec.warnings) pulumi.log.warn(warning);

const kubernetesStack =
  spec.target === "kubernetes"
    ? new KubernetesAlerting("alerting", {
        spec,
        secrets,
        webSecrets,
        provider: new k8s.Provider("kubernetes", {
          ...(spec.kubernetes.context && { context: spec.kubernetes.context }),
          ...(spec.kubernetes.kubeconfig && { kubeconfig: spec.kubernetes.kubeconfig }),
        }),
      })
    : undefined;

const localStack =
  spec.target === "local" ? new LocalAlerting("alerting", { spec, secrets, webSecrets, provider: new docker.Provider("docker", {}) }) : undefined;

const stack = (kubernetesStack ?? localStack)!;

export const target = spec.target;
/** What works but leaves a gap, e.g. no dead man's switch; `npm run render` prints these too. */
export const warnings = spec.warnings;
export const alertmanagerUrls = stack.alertmanagerUrls;
export const alertmanagerConfigHash = stack.alertmanagerConfigHash;
export const namespace = kubernetesStack?.namespace;
export const alertmanagerService = kubernetesStack?.alertmanagerService;
export const prometheusService = kubernetesStack?.prometheusService;
export const prometheusUrl = localStack?.prometheusUrl;
export const captureUrl = localStack?.captureUrl;
export const containerNames = localStack?.containerNames;
/** `pulumi stack output --show-secrets webPassword` (user name: alerting:web.username). */
export const webPassword = stack.webPassword;
