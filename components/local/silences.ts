/**
 * Maintenance silences on the local stack: the Kubernetes Job's reconciler run once, as a
 * container on the stack's network, against replica 0 (silences gossip to the others).
 *
 * How @pulumi/docker 5.2 runs a container to completion (its bridged provider's
 * resource_docker_container_funcs.go): `attach` waits after start until the container is no
 * longer running, `logs` keeps its output in `containerLogs`, and with `mustRun: false` the
 * stopped container is left alone (with the default `mustRun: true` a refresh would see it
 * stopped and the next `up` would start it again). The provider records the exit code in
 * `exitCode` and does not fail on a non-zero one: `checkedRun` does. `rm` stays false: a container
 * that removed itself would be gone from the state. Inputs that change (the script, the
 * silences file, the credentials) replace the container, which runs the reconciler again; an
 * unchanged `up` leaves it as it is.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import type { AlertingSpec } from "../../config/spec";
import { PORTS } from "../../config/ports";
import { webScheme } from "../render/web";
import { ReconcilerFiles, RECONCILER_FILES, reconcilerEnv, reconcilerWebFiles } from "../render/silences";
import type { WebAccess } from "../web";
import { localNames, uploads } from "./containers";

/** The container's directories for the reconciler's files and its web credentials. */
const DIRS = { reconciler: "/reconcile", web: "/reconcile/web" } as const;
/** As on Kubernetes: node starts in about 40 MiB, and the run is a few requests. */
const LIMITS = { memory: 128, cpus: "0.2" };
/** The lines of the reconciler's output a failure message carries. */
const FAILURE_LOG_LINES = 20;

export const silencesContainerName = (spec: AlertingSpec) => `${spec.local.namePrefix}-silences`;

/** The one-shot container without its web credential uploads (the component adds those). */
export function silencesContainer(spec: AlertingSpec, files: ReconcilerFiles, network: string) {
  const env = reconcilerEnv(spec, `${webScheme(spec.web)}://${localNames(spec).alertmanager(0)}:${PORTS.alertmanagerWeb}`, DIRS);
  return {
    name: silencesContainerName(spec),
    image: spec.images.capture,
    command: ["node", `${DIRS.reconciler}/${RECONCILER_FILES.script}`],
    envs: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    user: "node",
    uploads: uploads(DIRS.reconciler, { [RECONCILER_FILES.script]: files.script, [RECONCILER_FILES.silences]: files.silences }),
    labels: [{ label: "proven-alerting.silences-hash", value: createHash("sha256").update(files.silences).digest("hex") }],
    networksAdvanced: [{ name: network }],
    ...LIMITS,
    // Run once: no restart, wait for the exit, keep the output; the exited container stays as it is.
    restart: "no" as const,
    attach: true,
    logs: true,
    mustRun: false,
    logDriver: "json-file",
    logOpts: { "max-size": spec.local.logMaxSize, "max-file": String(spec.local.logMaxFiles) },
  };
}

/** What fails `pulumi up` after a one-shot container exited: any exit code but 0, with the end of its output. */
export function oneShotFailure(container: string, exitCode: number | undefined, logs: string | undefined): string | undefined {
  if (exitCode === undefined || exitCode === 0) return undefined;
  const tail = (logs ?? "").trimEnd().split("\n").slice(-FAILURE_LOG_LINES).join("\n");
  return `container ${container} exited with code ${exitCode}${tail ? `:\n${tail}` : ""}`;
}

export interface LocalSilencesArgs {
  spec: AlertingSpec;
  files: ReconcilerFiles;
  network: string;
  web?: WebAccess;
  /** The node image and Alertmanager replica 0 (healthy once created: it waits). */
  dependsOn: pulumi.Resource[];
}

/** The one-shot container, and its exit checked: the output rejects, failing `pulumi up`, when the reconciler failed. */
export function localSilences(
  name: string,
  args: LocalSilencesArgs,
  opts: pulumi.CustomResourceOptions,
): { container: docker.Container; checkedRun: pulumi.Output<number> } {
  const { spec, web } = args;
  const base = silencesContainer(spec, args.files, args.network);
  const webFiles = reconcilerWebFiles(spec);
  const webUploads = web
    ? web.filesFor(DIRS.web).apply((files) => uploads(DIRS.web, Object.fromEntries(webFiles.map((file) => [file, files[file]]))))
    : pulumi.output([]);
  const container = new docker.Container(name, { ...base, uploads: webUploads.apply((w) => [...base.uploads, ...w]) }, { ...opts, dependsOn: args.dependsOn });
  const checkedRun = pulumi.all([container.exitCode, container.containerLogs]).apply(([exitCode, logs]) => {
    const failure = oneShotFailure(base.name, exitCode, logs);
    if (failure) throw new Error(`silences: ${failure}`);
    return exitCode;
  });
  return { container, checkedRun };
}
