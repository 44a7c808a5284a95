/**
 * Maintenance silences on Kubernetes. The deployer may not reach Alertmanager, so the reconciler
 * runs inside the cluster: a Job per change, named by a hash of what it runs, with its own
 * ServiceAccount (no token, no Role), the restricted Pod Security Standard and limits, the web
 * password and CA mounted from the Alertmanager web Secret, and a NetworkPolicy that lets its
 * pods, and only them besides Prometheus, reach Alertmanager's web port.
 */
import { createHash } from "crypto";
import type { AlertingSpec } from "../../config/spec";
import { PORTS } from "../../config/ports";
import { RECONCILER_FILES, ReconcilerFiles, reconcilerEnv, reconcilerWebFiles } from "../render/silences";
import { webScheme } from "../render/web";
import { PodSpec, restrictedContainer, SECRET_FILE_MODE, selectorLabels } from "./common";
import { alertmanagerPodHosts, KUBERNETES_NAMES } from "./names";

/** The name of every silences object but the Job, whose name adds the content hash. */
export const SILENCES_NAME = "alertmanager-silences";

/** Where the pod mounts the ConfigMap and the web Secret's two files. */
const MOUNTS = { reconciler: "/reconcile", web: "/web" } as const;

/** The official node image's `node` user: the script needs no other. */
export const NODE_UID = 1000;

/**
 * A retry covers a pod evicted or a node lost mid-run; the script already waits for Alertmanager
 * itself, so more retries would only repeat a real error (a refused silence, wrong credentials).
 */
const BACKOFF_LIMIT = 2;
/**
 * The Job fails after 5 minutes, before Pulumi's own 10-minute wait for it ends: `pulumi up` then
 * reports the Job's failure (and its pods' logs remain) instead of a timeout.
 */
const ACTIVE_DEADLINE_SECONDS = 300;
/**
 * A finished Job and its pod stay a day, long enough to read the reconciler's line with
 * `kubectl logs job/<name>`, then the cluster removes them. A `pulumi refresh` after that drops the
 * Job from the state and the next `up` runs it again, which creates and expires nothing.
 */
const TTL_SECONDS_AFTER_FINISHED = 86_400;
/** Node starts in about 40 MiB; the silences file is small. The CPU is for the start, the run is a few requests. */
const RESOURCES = { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } };
/** The hash's length in the Job's name: 10 hex characters keep the name short and collisions out of reach. */
const HASH_LENGTH = 10;

const LABELS = {
  ...selectorLabels("alertmanager"),
  "app.kubernetes.io/name": SILENCES_NAME,
  "app.kubernetes.io/component": "silences",
  "app.kubernetes.io/part-of": "proven-alerting",
  "app.kubernetes.io/managed-by": "pulumi",
};
/** Selects the Job's pods, and never Alertmanager's (whose name label is `alertmanager`). */
const POD_SELECTOR = { "app.kubernetes.io/name": SILENCES_NAME, "app.kubernetes.io/instance": LABELS["app.kubernetes.io/instance"] };

const meta = (spec: AlertingSpec, name: string) => ({ name, namespace: spec.kubernetes.namespace, labels: LABELS });

/** Replica 0 through its stable name: silences gossip to the other replicas, and one replica answers both the read and the writes. */
export function reconcilerAlertmanagerUrl(spec: AlertingSpec): string {
  return `${webScheme(spec.web)}://${alertmanagerPodHosts(spec)[0]}:${PORTS.alertmanagerWeb}`;
}

/** A short hash of everything the run depends on: a change in any of it is a new Job, and nothing else is. */
export function silencesHash(spec: AlertingSpec, files: ReconcilerFiles): string {
  const env = reconcilerEnv(spec, reconcilerAlertmanagerUrl(spec), MOUNTS);
  return createHash("sha256")
    .update(JSON.stringify([files.script, files.silences, env, spec.images.capture]))
    .digest("hex")
    .slice(0, HASH_LENGTH);
}

export const silencesJobName = (hash: string) => `${SILENCES_NAME}-${hash}`;

/** The script and the silences file: no credential (the password stays in the web Secret). */
export function silencesConfigMap(spec: AlertingSpec, files: ReconcilerFiles) {
  return { metadata: meta(spec, SILENCES_NAME), data: { [RECONCILER_FILES.script]: files.script, [RECONCILER_FILES.silences]: files.silences } };
}

/** Its own account: no token mounted and no Role bound; the reconciler talks to Alertmanager, not to the Kubernetes API. */
export function silencesServiceAccount(spec: AlertingSpec) {
  return { metadata: meta(spec, SILENCES_NAME), automountServiceAccountToken: false };
}

const silencesPod: PodSpec["securityContext"] = {
  runAsNonRoot: true,
  runAsUser: NODE_UID,
  runAsGroup: NODE_UID,
  // The web Secret's files are 0440: readable through this group.
  fsGroup: NODE_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

export function silencesJob(spec: AlertingSpec, files: ReconcilerFiles) {
  const hash = silencesHash(spec, files);
  const env = reconcilerEnv(spec, reconcilerAlertmanagerUrl(spec), MOUNTS);
  const webItems = reconcilerWebFiles(spec);
  return {
    metadata: {
      ...meta(spec, silencesJobName(hash)),
      // A Job that failed is replaced by the next `pulumi up` (run again) rather than awaited again.
      annotations: { "pulumi.com/replaceUnready": "true" },
    },
    spec: {
      backoffLimit: BACKOFF_LIMIT,
      activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
      ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
      template: {
        metadata: { labels: LABELS, annotations: { "checksum/silences": hash } },
        spec: {
          serviceAccountName: SILENCES_NAME,
          automountServiceAccountToken: false,
          // Each attempt is a new pod, so every failed attempt's log stays readable.
          restartPolicy: "Never",
          securityContext: silencesPod,
          containers: [
            {
              name: "reconcile",
              image: spec.images.capture,
              command: ["node", `${MOUNTS.reconciler}/${RECONCILER_FILES.script}`],
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              resources: RESOURCES,
              securityContext: restrictedContainer,
              volumeMounts: [
                { name: "reconciler", mountPath: MOUNTS.reconciler, readOnly: true },
                ...(webItems.length > 0 ? [{ name: "web", mountPath: MOUNTS.web, readOnly: true }] : []),
              ],
            },
          ],
          volumes: [
            { name: "reconciler", configMap: { name: SILENCES_NAME } },
            ...(webItems.length > 0
              ? [
                  {
                    name: "web",
                    secret: {
                      secretName: KUBERNETES_NAMES.web.alertmanager,
                      defaultMode: SECRET_FILE_MODE,
                      items: webItems.map((key) => ({ key, path: key })),
                    },
                  },
                ]
              : []),
          ],
        },
      },
    },
  };
}

/**
 * A second policy on Alertmanager's pods (policies add up): the Job's pods may reach the web
 * port. The Alertmanager policy's own rules stay as they are.
 */
export function silencesNetworkPolicy(spec: AlertingSpec) {
  return {
    metadata: meta(spec, SILENCES_NAME),
    spec: {
      podSelector: { matchLabels: selectorLabels("alertmanager") },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: POD_SELECTOR } }], ports: [{ port: PORTS.alertmanagerWeb, protocol: "TCP" }] }],
    },
  };
}
