/**
 * Pure builders for the local (docker-compose equivalent) stack: names, topology and the
 * container arguments. Credential uploads are attached by the component.
 */
import type { AlertingSpec } from "../../config/spec";
import { cpuToDockerCpus, memoryToDockerMb } from "../../config/quantities";
import { FileTree, RenderedConfig, TEMPLATES_DIR, Topology } from "../render";
import { alertmanagerEnv, alertmanagerFlags, prometheusFlags } from "../render/flags";
import { auditEventsFile, CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS } from "../render/paths";
import { AUDIT_SIDECAR, AUDIT_SIDECAR_RESOURCES, auditBoundCheck, auditRotateScript, SIDECAR_SHELL } from "../render/audit";
import { probeCommand, webScheme } from "../render/web";
import type { Resources } from "../../config/defaults";
import { posix } from "path";
import { PORTS } from "../../config/ports";

export const CAPTURE_SCRIPT = "/capture/http-capture.js";

/**
 * Every uploaded file is read-only for everyone: root owns it (no upload owner or group is set),
 * and the images run as `nobody` or `node`, which read it through the world bits. An owner name
 * would be looked up on the machine running Pulumi, not in the image.
 */
export const UPLOAD_PERMISSIONS = "0444";

export function localNames(spec: AlertingSpec) {
  const prefix = spec.local.namePrefix;
  return {
    network: prefix,
    prometheus: `${prefix}-prometheus`,
    prometheusData: `${prefix}-prometheus-data`,
    alertmanager: (i: number) => `${prefix}-alertmanager-${i}`,
    alertmanagerData: (i: number) => `${prefix}-alertmanager-data-${i}`,
    capture: `${prefix}-capture`,
  };
}

export function localTopology(spec: AlertingSpec): Topology {
  const names = localNames(spec);
  return {
    alertmanagerPaths: CONTAINER_ALERTMANAGER_PATHS,
    prometheusPaths: CONTAINER_PROMETHEUS_PATHS,
    alertmanagerAddresses: Array.from({ length: spec.alertmanager.replicas }, (_, i) => `${names.alertmanager(i)}:${PORTS.alertmanagerWeb}`),
    prometheusAddresses: [`localhost:${PORTS.prometheus}`],
    ...(spec.capture && { captureBaseUrl: `http://${names.capture}:${PORTS.capture}` }),
  };
}

export function localUrls(spec: AlertingSpec) {
  const { bindAddress, alertmanagerPort, prometheusPort, capturePort } = spec.local;
  const scheme = webScheme(spec.web);
  return {
    prometheus: `${scheme}://${bindAddress}:${prometheusPort}`,
    alertmanagers: Array.from({ length: spec.alertmanager.replicas }, (_, i) => `${scheme}://${bindAddress}:${alertmanagerPort + i}`),
    capture: spec.capture ? `http://${bindAddress}:${capturePort}` : undefined,
  };
}

/** Files under `root` as docker uploads; `tree` names are relative (e.g. `rules/meta.yml`). */
export function uploads(root: string, tree: FileTree, select: (name: string) => boolean = () => true) {
  return Object.entries(tree)
    .filter(([name]) => select(name))
    .map(([name, content]) => ({ file: `${root}/${name}`, content, permissions: UPLOAD_PERMISSIONS }));
}

/** How long `pulumi up` waits for a container to become healthy: a fresh Prometheus replays its WAL first. */
const HEALTHY_WAIT_SECONDS = 120;
/** Time to stop cleanly (Alertmanager hands its notification log over, Prometheus closes its head block). */
const STOP_GRACE_SECONDS = 30;
/** Health check timings: a container is marked unhealthy after about a minute of failed checks. */
const HEALTHCHECK_TIMINGS = { interval: "10s", timeout: "3s", retries: 5 };
/** The capture stand-in holds a few thousand small records at most. */
const CAPTURE_LIMITS = { memory: 64, cpus: "0.1" };

function limits(resources: Resources) {
  return { memory: memoryToDockerMb(resources.limits.memory), cpus: cpuToDockerCpus(resources.limits.cpu) };
}

function common(spec: AlertingSpec, network: string, alias: string) {
  return {
    restart: "unless-stopped" as const,
    logDriver: "json-file",
    logOpts: { "max-size": spec.local.logMaxSize, "max-file": String(spec.local.logMaxFiles) },
    networksAdvanced: [{ name: network, aliases: [alias] }],
    wait: true,
    waitTimeout: HEALTHY_WAIT_SECONDS,
    destroyGraceSeconds: STOP_GRACE_SECONDS,
  };
}

/** With web access control on, the check reads the Authorization header from the uploaded secret file. */
function httpHealthcheck(spec: AlertingSpec, port: number, webDir: string) {
  const tests = spec.web.auth
    ? ["CMD-SHELL", probeCommand(spec, port, webDir, "/-/healthy")]
    : ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/healthy`];
  return { tests, ...HEALTHCHECK_TIMINGS, startPeriod: "10s" };
}

export function prometheusContainer(spec: AlertingSpec, rendered: RenderedConfig, network: string) {
  const names = localNames(spec);
  const paths = CONTAINER_PROMETHEUS_PATHS;
  return {
    name: names.prometheus,
    image: spec.images.prometheus,
    command: prometheusFlags(spec, { paths, webListenAddress: `:${PORTS.prometheus}`, externalUrl: spec.prometheus.externalUrl ?? localUrls(spec).prometheus }),
    uploads: [
      ...uploads(posix.dirname(paths.configFile), rendered.prometheus, (n) => !n.startsWith("rules/")),
      ...uploads(posix.dirname(paths.rulesDir), rendered.prometheus, (n) => n.startsWith("rules/")),
    ],
    volumes: [{ volumeName: names.prometheusData, containerPath: paths.storageDir }],
    ports: [{ internal: PORTS.prometheus, external: spec.local.prometheusPort, ip: spec.local.bindAddress }],
    healthcheck: httpHealthcheck(spec, PORTS.prometheus, paths.webDir),
    labels: [{ label: "proven-alerting.config-hash", value: rendered.prometheusHash }],
    ...limits(spec.prometheus.resources),
    ...common(spec, network, "prometheus"),
  };
}

export function alertmanagerCommand(spec: AlertingSpec, i: number): string[] {
  const names = localNames(spec);
  return alertmanagerFlags(spec, {
    paths: CONTAINER_ALERTMANAGER_PATHS,
    webListenAddress: `:${PORTS.alertmanagerWeb}`,
    externalUrl: spec.alertmanager.externalUrl ?? localUrls(spec).alertmanagers[i],
    clusterListenAddress: `0.0.0.0:${PORTS.alertmanagerMesh}`,
    peers: Array.from({ length: spec.alertmanager.replicas }, (_, j) => `${names.alertmanager(j)}:${PORTS.alertmanagerMesh}`),
  });
}

/** The Alertmanager container without its credential uploads. */
export function alertmanagerContainer(spec: AlertingSpec, rendered: RenderedConfig, network: string, i: number) {
  const names = localNames(spec);
  const paths = CONTAINER_ALERTMANAGER_PATHS;
  return {
    name: names.alertmanager(i),
    image: spec.images.alertmanager,
    command: alertmanagerCommand(spec, i),
    envs: Object.entries(alertmanagerEnv(spec, paths)).map(([name, value]) => `${name}=${value}`),
    uploads: [
      ...uploads(posix.dirname(paths.configFile), rendered.alertmanager, (n) => !n.startsWith(TEMPLATES_DIR)),
      ...uploads(posix.dirname(paths.templatesDir), rendered.alertmanager, (n) => n.startsWith(TEMPLATES_DIR)),
    ],
    volumes: [{ volumeName: names.alertmanagerData(i), containerPath: paths.storageDir }],
    ports: [{ internal: PORTS.alertmanagerWeb, external: spec.local.alertmanagerPort + i, ip: spec.local.bindAddress }],
    healthcheck: httpHealthcheck(spec, PORTS.alertmanagerWeb, paths.webDir),
    labels: [{ label: "proven-alerting.config-hash", value: rendered.alertmanagerHash }],
    ...limits(spec.alertmanager.resources),
    ...common(spec, network, names.alertmanager(i)),
  };
}

export function captureContainer(spec: AlertingSpec, script: string, network: string) {
  const names = localNames(spec);
  return {
    name: names.capture,
    image: spec.images.capture,
    command: ["node", CAPTURE_SCRIPT],
    envs: [`CAPTURE_PORT=${PORTS.capture}`],
    user: "node",
    uploads: [{ file: CAPTURE_SCRIPT, content: script, permissions: UPLOAD_PERMISSIONS }],
    ports: [{ internal: PORTS.capture, external: spec.local.capturePort, ip: spec.local.bindAddress }],
    healthcheck: {
      tests: [
        "CMD",
        "node",
        "-e",
        `require("http").get("http://127.0.0.1:${PORTS.capture}/-/healthy", (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))`,
      ],
      ...HEALTHCHECK_TIMINGS,
    },
    ...CAPTURE_LIMITS,
    ...common(spec, network, "capture"),
  };
}

/** The sidecar checks its bound every half minute, like its Kubernetes probes. */
const AUDIT_HEALTHCHECK_TIMINGS = { interval: "30s", timeout: "5s", retries: 4 };

/**
 * alerting:audit's rotation sidecar beside replica `i`: the Alertmanager image's own shell on the
 * replica's data volume, renaming the events file once it passes maxFileSize
 * (components/render/audit.ts). Unhealthy while the file is past its bound.
 */
export function auditSidecarContainer(spec: AlertingSpec, network: string, i: number) {
  const names = localNames(spec);
  const paths = CONTAINER_ALERTMANAGER_PATHS;
  const file = auditEventsFile(paths);
  const name = `${names.alertmanager(i)}-${AUDIT_SIDECAR}`;
  return {
    name,
    image: spec.images.alertmanager,
    entrypoints: [SIDECAR_SHELL, "-c", auditRotateScript(spec.audit, file)],
    volumes: [{ volumeName: names.alertmanagerData(i), containerPath: paths.storageDir }],
    healthcheck: { tests: ["CMD-SHELL", auditBoundCheck(spec.audit, file)], ...AUDIT_HEALTHCHECK_TIMINGS },
    memory: memoryToDockerMb(AUDIT_SIDECAR_RESOURCES.limits.memory),
    cpus: cpuToDockerCpus(AUDIT_SIDECAR_RESOURCES.limits.cpu),
    ...common(spec, network, name),
  };
}
